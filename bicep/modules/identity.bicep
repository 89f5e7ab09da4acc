// The function app's user-assigned managed identity. It exists before the app, so its role
// assignments are in place when the app first starts and pulls its package, and it survives
// a rebuild of the app (no new principal to re-grant).

metadata description = 'User-assigned managed identity of the Chantra function app.'

import { tagsType } from 'types.bicep'

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags tagsType

@description('Name of the identity (3-128 characters).')
@minLength(3)
@maxLength(128)
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Object (principal) ID of the identity, for role assignments.')
output principalId string = identity.properties.principalId

@description('Client (application) ID of the identity, for AZURE_CLIENT_ID and the __clientId settings.')
output clientId string = identity.properties.clientId
