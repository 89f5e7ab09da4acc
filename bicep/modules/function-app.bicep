// Flex Consumption (FC1) plan and the .NET 10 isolated function app, with a system-assigned
// identity that is used for everything: the deployment package, AzureWebJobsStorage,
// tables, Service Bus, Key Vault references and Application Insights.
// App settings are applied by function-app-settings.bicep once the identity holds its
// roles (see main.bicep), so this module sets none.

metadata description = 'Flex Consumption plan and function app (dotnet-isolated 10.0), system-assigned identity, no basic auth.'

import { tagsType } from 'types.bicep'

@description('Azure region of the plan and app.')
param location string

@description('Tags applied to the plan and app.')
param tags tagsType

@description('Name of the Flex Consumption plan.')
@minLength(1)
@maxLength(60)
param planName string

@description('Globally unique function app name (2-60 characters; keep it within 32 so the host ID is not truncated).')
@minLength(2)
@maxLength(60)
param name string

@description('URL of the blob container that holds the app package (Flex Consumption deployment storage).')
param deploymentContainerUrl string

@description('Most instances the app scales out to (Flex Consumption allows 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Flex Consumption runs on Linux only.
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            // Needs Storage Blob Data Owner on the account (function-app-role-assignments.bicep).
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP or SCM user/password publishing: deployments authenticate with Microsoft Entra ID.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Default host name of the function app.')
output defaultHostName string = functionApp.properties.defaultHostName

@description('Object (principal) ID of the app\'s system-assigned identity.')
output principalId string = functionApp.identity.principalId
