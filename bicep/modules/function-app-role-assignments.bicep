// Data-plane roles of the function app's system-assigned identity, each on the narrowest
// scope that works, named with guid(scope, principal, role) so redeployments are idempotent.
// Built-in role definition IDs are the same in every tenant.

metadata description = 'Role assignments that let the function app identity reach storage, Service Bus, Key Vault and Application Insights.'

@description('Object (principal) ID of the function app\'s managed identity.')
param principalId string

@description('Name of the storage account (AzureWebJobsStorage, tables, deployment package).')
param storageAccountName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Topic the app publishes to.')
param serviceBusTopicName string

@description('Topic subscription the app receives from.')
param serviceBusSubscriptionName string

@description('Name of the Key Vault that holds the Notification Hubs connection string.')
param keyVaultName string

@description('Name of the Application Insights component the app sends telemetry to.')
param appInsightsName string

// Azure built-in role definition IDs (learn.microsoft.com, "Azure built-in roles").
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

@description('Resource ID of a built-in role definition, from its GUID.')
func roleDefinitionId(roleId string) string => subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)

// Storage: the Functions host keeps leases, timer schedules and keys in blobs and uses
// queues; Flex Consumption reads the app package from blobs; the app reads/writes tables.
var storageRoles = [
  {
    id: roleIds.storageBlobDataOwner
    description: 'Functions host blobs and the Flex Consumption deployment package'
  }
  {
    id: roleIds.storageQueueDataContributor
    description: 'Functions host queues'
  }
  {
    id: roleIds.storageTableDataContributor
    description: 'App tables (bills, billindex, sources, devices)'
  }
]

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-08-01' existing = {
  name: storageAccountName
}

resource serviceBusNamespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName

  resource topic 'topics' existing = {
    name: serviceBusTopicName

    resource subscription 'subscriptions' existing = {
      name: serviceBusSubscriptionName
    }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storageAccount.id, principalId, role.id)
    scope: storageAccount
    properties: {
      roleDefinitionId: roleDefinitionId(role.id)
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: 'Chantra function app: ${role.description}'
    }
  }
]

// Sender on the topic only: the outbox relay publishes there and nowhere else.
resource serviceBusSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBusNamespace::topic.id, principalId, roleIds.serviceBusDataSender)
  scope: serviceBusNamespace::topic
  properties: {
    roleDefinitionId: roleDefinitionId(roleIds.serviceBusDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: publish events to the topic'
  }
}

// Receiver on the subscription: a topic trigger needs a role whose scope covers the
// subscription resource (Azure Functions Service Bus binding docs).
resource serviceBusReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBusNamespace::topic::subscription.id, principalId, roleIds.serviceBusDataReceiver)
  scope: serviceBusNamespace::topic::subscription
  properties: {
    roleDefinitionId: roleDefinitionId(roleIds.serviceBusDataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: receive from the push subscription'
  }
}

// On the vault, not a secret: the secret is created by ops after the deployment.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, principalId, roleIds.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: roleDefinitionId(roleIds.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: resolve Key Vault references'
  }
}

// Required for Entra-authenticated telemetry ingestion (DisableLocalAuth on the component).
resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: roleDefinitionId(roleIds.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Chantra function app: send telemetry to Application Insights'
  }
}
