// Notification Hubs namespace and hub, the hub's APNs and FCM v1 credentials, and the
// backend's connection string in Key Vault.
//
// Notification Hubs has no Microsoft Entra data-plane auth, so the app signs REST calls with
// a SAS key. The template creates a hub-level rule with only the rights the backend needs
// (Send for notifications, Listen for installations), reads its connection string with
// listKeys() and writes it straight into a Key Vault secret. The value never appears in an
// app setting, a parameter or an output: the app setting is a Key Vault reference.

metadata description = 'Notification Hubs namespace and hub with APNs/FCM v1 credentials; the backend rule\'s connection string goes to Key Vault only.'

import { apnsCredentialType, fcmV1CredentialType, tagsType } from 'types.bicep'

@description('Azure region of the namespace and hub.')
param location string

@description('Tags applied to the namespace, hub and secret.')
param tags tagsType

@description('Globally unique namespace name: 6-50 letters, digits and hyphens, starting with a letter.')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Name of the notification hub.')
@minLength(1)
@maxLength(260)
param hubName string

@description('Name of the hub-level SAS rule the backend uses (rights: Listen, Send).')
param backendRuleName string

@description('Namespace pricing tier. Free: 1M pushes and 500 devices; Basic: 200K devices; Standard: 10M devices and an SLA.')
@allowed([
  'Free'
  'Basic'
  'Standard'
])
param skuName string

@description('APNs credential; null leaves the hub without one (iOS pushes fail).')
param apnsCredential apnsCredentialType?

@description('FCM v1 credential; null leaves the hub without one (Android pushes fail).')
param fcmV1Credential fcmV1CredentialType?

@description('Name of the Key Vault that receives the backend connection string.')
param keyVaultName string

@description('Name of the Key Vault secret that holds the backend connection string.')
@minLength(1)
@maxLength(127)
param connectionStringSecretName string

resource namespace 'Microsoft.NotificationHubs/namespaces@2023-10-01-preview' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    namespaceType: 'NotificationHub'
  }
}

// 2023-10-01-preview: the first API version with fcmV1Credential (FCM legacy is retired).
// A deployment writes the hub's credentials as given: one without them removes them, so
// every deployment must pass them (bicep/README.md, "Inputs").
resource hub 'Microsoft.NotificationHubs/namespaces/notificationHubs@2023-10-01-preview' = {
  parent: namespace
  name: hubName
  location: location
  tags: tags
  properties: union(
    {},
    apnsCredential == null
      ? {}
      : {
          apnsCredential: {
            properties: {
              keyId: apnsCredential!.keyId
              appId: apnsCredential!.teamId
              appName: apnsCredential!.bundleId
              token: apnsCredential!.token
              endpoint: apnsCredential!.endpoint
            }
          }
        },
    fcmV1Credential == null
      ? {}
      : {
          fcmV1Credential: {
            properties: {
              projectId: fcmV1Credential!.projectId
              clientEmail: fcmV1Credential!.clientEmail
              privateKey: fcmV1Credential!.privateKey
            }
          }
        }
  )
}

// Not the namespace's RootManageSharedAccessKey (Manage rights over every hub):
// Listen covers installation create/update/delete, Send covers template sends.
resource backendRule 'Microsoft.NotificationHubs/namespaces/notificationHubs/authorizationRules@2023-10-01-preview' = {
  parent: hub
  name: backendRuleName
  properties: {
    rights: [
      'Listen'
      'Send'
    ]
  }
}

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: keyVaultName
}

// Written through the Key Vault resource provider (control plane), so the deploying principal
// needs no data-plane role on the vault. Each deployment stores the current key as a new
// secret version; after a key rotation (az notification-hub authorization-rule
// regenerate-keys) redeploy to refresh it. The app setting references the secret without a
// version, so the platform picks up the newest one.
resource connectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: vault
  name: connectionStringSecretName
  tags: tags
  properties: {
    value: backendRule.listKeys().primaryConnectionString
    contentType: 'Notification Hubs connection string (rule ${backendRuleName}: Listen, Send)'
    attributes: {
      enabled: true
    }
  }
}

@description('Name of the namespace.')
output namespaceName string = namespace.name

@description('Name of the hub.')
output hubName string = hub.name

@description('Name of the backend SAS rule (the name only, never its key).')
output backendRuleName string = backendRule.name

@description('Name of the Key Vault secret with the backend connection string (the name only).')
output connectionStringSecretName string = connectionStringSecret.name

@description('Versionless URI of that secret, for the app setting\'s Key Vault reference.')
output connectionStringSecretUri string = connectionStringSecret.properties.secretUri
