// Key Vault (RBAC authorization, soft delete, purge protection) with:
// - the Notification Hubs connection string (a secret, written by notification-hubs.bicep);
// - the complaint key-encryption key: an RSA key that never leaves the vault. The app makes
//   a fresh data-encryption key per complaint, encrypts the complaint with it locally, and
//   stores only the DEK wrapped by this key (envelope encryption: wrapKey/unwrapKey).
// Audit logs go to Log Analytics.

metadata description = 'Key Vault (RBAC, purge protection) with the complaint key-encryption key; audit logs to Log Analytics.'

import { tagsType } from 'types.bicep'

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault and its key.')
param tags tagsType

@description('Globally unique vault name: 3-24 letters, digits and hyphens, starting with a letter.')
@minLength(3)
@maxLength(24)
param name string

@description('Vault SKU. premium makes the complaint key HSM-protected (RSA-HSM); standard keeps it software-protected (RSA).')
@allowed([
  'standard'
  'premium'
])
param skuName string

@description('Days a deleted vault, key or secret can be recovered (7-90). Fixed once the vault exists.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Name of the complaint key-encryption key.')
@minLength(1)
@maxLength(127)
param complaintKeyName string

@description('Size in bits of the complaint key (RSA).')
@allowed([
  3072
  4096
])
param complaintKeySize int

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
      name: skuName
    }
    // Azure RBAC, not access policies: access is granted per secret / per key below.
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
    // references over the public endpoint; private networking is a later issue.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Azure creates the first version only: redeploying returns the existing key unchanged
// (rotation policy edits after creation go through az keyvault key rotation-policy update).
// Rotation makes a new version each year; older versions stay enabled so DEKs wrapped with
// them still unwrap, which is why the app must store the full key id (with its version)
// next to each wrapped DEK.
resource complaintKey 'Microsoft.KeyVault/vaults/keys@2026-02-01' = {
  parent: vault
  name: complaintKeyName
  tags: tags
  properties: {
    kty: skuName == 'premium' ? 'RSA-HSM' : 'RSA'
    keySize: complaintKeySize
    keyOps: [
      'wrapKey'
      'unwrapKey'
    ]
    attributes: {
      enabled: true
    }
    rotationPolicy: {
      lifetimeActions: [
        {
          trigger: {
            timeAfterCreate: 'P1Y'
          }
          action: {
            type: 'rotate'
          }
        }
      ]
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

@description('Name of the complaint key.')
output complaintKeyName string = complaintKey.name

@description('Versionless URI of the complaint key (the app wraps with its newest version).')
output complaintKeyUri string = complaintKey.properties.keyUri
