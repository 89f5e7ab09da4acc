// Key Vault for the few secrets Azure cannot replace with managed identity (today only the
// Notification Hubs connection string). RBAC authorization, soft delete and purge
// protection are on. The template creates no secret: ops set the values (bicep/README.md).

metadata description = 'Key Vault with RBAC authorization, soft delete and purge protection, audit logs to Log Analytics.'

import { tagsType } from 'types.bicep'

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags tagsType

@description('Globally unique vault name: 3-24 letters, digits and hyphens, starting with a letter.')
@minLength(3)
@maxLength(24)
param name string

@description('Days a deleted vault or secret can be recovered (7-90). Fixed once the vault exists.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Resource ID of the Log Analytics workspace that receives the vault audit logs.')
param workspaceId string

resource vault 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Cannot be turned off again; a deleted vault's name stays reserved until purged
    // after the retention period.
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // The Flex Consumption app has no VNet integration yet, so it resolves Key Vault
    // references over the public endpoint; private networking is the production issue's.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
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

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI, e.g. https://<name>.vault.azure.net/ (ends with a slash).')
output uri string = vault.properties.vaultUri
