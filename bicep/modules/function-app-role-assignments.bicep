// Data-plane roles of the function app's user-assigned identity: exactly what the app and the
// Functions host use, each on the narrowest scope that works. Names are
// guid(scope, principal, role), so a redeployment finds the same assignment. Built-in role
// definition IDs are the same in every tenant. The policy test
// (tests/Chantra.Tests/Infrastructure/BicepPolicyTests.cs) fails on any role not listed there.
//
// Not granted, on purpose:
// - Storage Queue Data Contributor. The Functions host needs queues only for queue and blob
//   triggers (and Durable Functions); this app has timer, HTTP and Service Bus triggers, and
//   the host keeps timer schedules, singleton locks and keys in blobs. AzureWebJobsStorage
//   has no queueServiceUri for the same reason (function-app-settings.bicep).
// - Receiver on the webhooks subscription: nothing in this app reads it yet; grant it to the
//   webhook consumer's identity when that exists.
// - Azure Service Bus Data Owner: the app neither creates nor manages entities (Bicep does).

metadata description = 'Role assignments that let the function app identity reach storage, Service Bus, Key Vault and Application Insights.'

@description('Object (principal) ID of the function app\'s managed identity.')
param principalId string

@description('Name of the storage account (AzureWebJobsStorage, tables, deployment package).')
param storageAccountName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Topic the app publishes to.')
param serviceBusTopicName string

@description('Topic subscription the app receives from (FanOutPush).')
param serviceBusPushSubscriptionName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the Key Vault secret with the Notification Hubs connection string.')
param notificationHubsSecretName string

@description('Name of the Key Vault key that wraps complaint data-encryption keys.')
param complaintKeyName string

@description('Name of the Application Insights component the app sends telemetry to.')
param appInsightsName string

// Azure built-in role definition IDs (learn.microsoft.com, "Azure built-in roles").
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-08-01' existing = {
  name: storageAccountName
}

resource serviceBusNamespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName

  resource topic 'topics' existing = {
    name: serviceBusTopicName

    resource pushSubscription 'subscriptions' existing = {
      name: serviceBusPushSubscriptionName
    }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: keyVaultName

  resource notificationHubsSecret 'secrets' existing = {
    name: notificationHubsSecretName
  }

  resource complaintKey 'keys' existing = {
    name: complaintKeyName
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Account scope: the Functions host creates its own containers (azure-webjobs-hosts for
// timer schedules and locks, azure-webjobs-secrets for keys) and Flex Consumption reads the
// app package from the app-package container. The docs ask for Owner for host storage.
resource storageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, roleIds.storageBlobDataOwner)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: Functions host blobs and the Flex Consumption deployment package'
  }
}

// Account scope, not per table: the app's tables (bills, billindex, sources, devices, meetings, meetingindex, complaints, complaintindex, counters, keys, news, newsindex, changes, webhooks, webhookdeliveries, library) are
// created if missing on first use, and the Functions host writes its diagnostic events to
// tables it creates itself (AzureWebJobsStorage__tableServiceUri).
resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, roleIds.storageTableDataContributor)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: app tables and Functions host diagnostic events'
  }
}

// Sender on the topic only: the outbox relay publishes there and nowhere else.
resource serviceBusDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBusNamespace::topic.id, principalId, roleIds.serviceBusDataSender)
  scope: serviceBusNamespace::topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: publish events to the topic'
  }
}

// Receiver on the push subscription: a topic trigger needs a role whose scope covers the
// subscription resource (Azure Functions Service Bus binding docs).
resource serviceBusDataReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBusNamespace::topic::pushSubscription.id, principalId, roleIds.serviceBusDataReceiver)
  scope: serviceBusNamespace::topic::pushSubscription
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: receive from the push subscription'
  }
}

// On the one secret, not the vault: the platform resolves the NotificationHubs__ConnectionString
// Key Vault reference with the app's identity and needs nothing else in the vault.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault::notificationHubsSecret.id, principalId, roleIds.keyVaultSecretsUser)
  scope: keyVault::notificationHubsSecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: resolve the Notification Hubs connection string reference'
  }
}

// On the one key, not the vault. Envelope encryption calls the key's wrapKey (new complaint:
// wrap its fresh data-encryption key) and unwrapKey (staff read a complaint) through the Key
// Vault data plane; Secrets User grants no key operation, and Key Vault Crypto User is the
// built-in role for a workload's cryptographic operations. The key material itself never
// leaves the vault. (Key Vault Crypto Service Encryption User, get + wrap + unwrap only, is
// narrower still and would also do; it is meant for Azure services' customer-managed keys.)
resource keyVaultCryptoUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault::complaintKey.id, principalId, roleIds.keyVaultCryptoUser)
  scope: keyVault::complaintKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultCryptoUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: wrap and unwrap complaint data-encryption keys'
  }
}

// Required for Entra-authenticated telemetry ingestion (DisableLocalAuth on the component).
resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: send telemetry to Application Insights'
  }
}
