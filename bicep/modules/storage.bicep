// Storage account for the Functions host (AzureWebJobsStorage), the app's tables and the
// Flex Consumption deployment package. Shared-key access is off: every caller, the
// Functions host included, authenticates with Microsoft Entra ID (managed identity).

metadata description = 'StorageV2 account (Entra-only access) with the app tables and the deployment package container.'

import { tagsType } from 'types.bicep'

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags tagsType

@description('Globally unique storage account name: 3-24 lowercase letters and digits.')
@minLength(3)
@maxLength(24)
param name string

@description('Replication SKU. ZRS keeps data in three zones of the region.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Tables the app uses; created empty.')
param tableNames string[]

@description('Blob container that holds the Flex Consumption app package.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

@description('Days deleted blobs and containers are kept (soft delete), 1-365.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteRetentionInDays int = 7

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-08-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // No account keys, no SAS signed with them: Entra ID (RBAC) only.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    // Flex Consumption without VNet integration reaches the account over its public
    // endpoint; network isolation (private endpoints) is left to the production issue.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-08-01' = {
  parent: storageAccount
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteRetentionInDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteRetentionInDays
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-08-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-08-01' = {
  parent: storageAccount
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-08-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

@description('Name of the storage account.')
output name string = storageAccount.name

@description('Blob endpoint of the account (ends with a slash).')
output blobEndpoint string = storageAccount.properties.primaryEndpoints.blob

@description('Table endpoint of the account (ends with a slash).')
output tableEndpoint string = storageAccount.properties.primaryEndpoints.table

@description('URL of the deployment package container.')
output deploymentContainerUrl string = '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainer.name}'
