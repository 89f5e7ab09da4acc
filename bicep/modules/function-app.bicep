// Flex Consumption (FC1) plan and the .NET 10 isolated function app. The app runs as a
// user-assigned identity that is used for everything: the deployment package,
// AzureWebJobsStorage, tables, Service Bus, Key Vault references, the complaint key and
// Application Insights. Its roles are granted before the app is created (main.bicep).
// App settings are in function-app-settings.bicep.

metadata description = 'Flex Consumption plan and function app (dotnet-isolated 10.0), user-assigned identity, no basic auth, logs to Log Analytics.'

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

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

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

@description('Resource ID of the Log Analytics workspace that receives the app\'s platform logs and metrics.')
param workspaceId string

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
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    // Key Vault references (NotificationHubs__ConnectionString) resolve with this identity;
    // without it the platform would look for a system-assigned one.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            // Needs a blob data role on the account (Storage Blob Data Owner, granted in
            // function-app-role-assignments.bicep).
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
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

// Platform logs of the app (FunctionAppLogs: host and function executions) and its metrics.
// Application telemetry (traces, requests, exceptions) goes to Application Insights.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: functionApp
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Default host name of the function app.')
output defaultHostName string = functionApp.properties.defaultHostName
