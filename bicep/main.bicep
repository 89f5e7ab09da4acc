// Chantra backend: Azure Functions (Flex Consumption, .NET 10 isolated) with storage tables,
// Service Bus, Notification Hubs, Key Vault and Application Insights. Every data-plane
// connection uses the function app's managed identity; the one exception is Notification
// Hubs (SAS only), whose connection string lives in Key Vault and is put there by ops.
// Build and lint: bicep/build.sh. Deploy: bicep/README.md.

metadata name = 'Chantra backend'
metadata description = 'Function app and its dependencies for the Chantra citizen app, identity-based connections only.'

import { tagsType } from 'modules/types.bicep'

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------

@description('Azure region of every resource. Defaults to the resource group\'s region.')
param location string = resourceGroup().location

@description('Environment; part of every resource name and tag.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Lowercase letters and digits that start every resource name. At most 8 characters, so the function app name stays within 32.')
@minLength(2)
@maxLength(8)
param namePrefix string = 'chantra'

@description('Tags added to every resource, on top of the app and environment tags.')
param tags tagsType = {}

@description('Replication SKU of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('ISO 8601 duplicate detection window of the legislative-events topic (a retried publish of the same event id inside it is dropped).')
param serviceBusDuplicateDetectionWindow string = 'PT1H'

@description('Deliveries of a message on the push subscription before it is dead-lettered.')
@minValue(1)
@maxValue(2000)
param serviceBusMaxDeliveryCount int = 10

@description('ISO 8601 time-to-live of legislative-events messages; expired ones are dead-lettered on the push subscription.')
param serviceBusMessageTimeToLive string = 'P14D'

@description('Notification Hubs namespace tier (Free: 500 devices; Basic: 200K devices; Standard: 10M devices).')
@allowed([
  'Free'
  'Basic'
  'Standard'
])
param notificationHubsSku string = 'Free'

@description('Name of the Key Vault secret that ops fill with the Notification Hubs connection string (letters, digits and hyphens).')
@minLength(1)
@maxLength(127)
param notificationHubsConnectionStringSecretName string = 'NotificationHubs-ConnectionString'

@description('Days of Log Analytics retention (30-730).')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Days a deleted Key Vault or secret can be recovered (7-90). Cannot be changed once the vault exists.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Most instances the function app scales out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param functionAppMaximumInstanceCount int = 100

@description('Memory of each function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param functionAppInstanceMemoryMB int = 2048

@description('NCRONTAB (six fields, with seconds) of the bill scraper timer.')
param scrapeBillsSchedule string = '0 */15 * * * *'

@description('NCRONTAB (six fields, with seconds) of the outbox sweeper timer.')
param sweepOutboxSchedule string = '0 */5 * * * *'

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

var prefix = toLower(namePrefix)
// 13 characters, stable for this resource group; makes the global names unique.
var suffix = uniqueString(resourceGroup().id)
var baseName = '${prefix}-${environmentName}'

var names = {
  // 3-24 lowercase letters and digits.
  storageAccount: take('st${replace(prefix, '-', '')}${environmentName}${suffix}', 24)
  // 3-24 letters, digits, hyphens. With purge protection a deleted vault's name stays
  // taken for the retention period.
  keyVault: take('kv-${baseName}-${suffix}', 24)
  // 6-50.
  serviceBus: 'sb-${baseName}-${suffix}'
  // 6-50.
  notificationHubsNamespace: 'ntfns-${baseName}-${suffix}'
  // 4-63.
  logAnalytics: 'log-${baseName}-${suffix}'
  appInsights: 'appi-${baseName}-${suffix}'
  plan: 'plan-${baseName}-${suffix}'
  // At most 32 with namePrefix of at most 8 characters.
  functionApp: 'func-${baseName}-${suffix}'
}

// Names the app code relies on.
var tableNames = [
  'bills'
  'billindex'
  'sources'
  'devices'
]
var deploymentContainerName = 'app-package'
var eventsTopicName = 'legislative-events'
var pushSubscriptionName = 'push'
var notificationHubName = 'chantra'
var notificationHubsBackendRuleName = 'chantra-backend'

var allTags = union(
  {
    application: 'chantra'
    environment: environmentName
  },
  tags
)

// ---------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: allTags
    workspaceName: names.logAnalytics
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: allTags
    name: names.storageAccount
    skuName: storageSkuName
    tableNames: tableNames
    deploymentContainerName: deploymentContainerName
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  params: {
    location: location
    tags: allTags
    name: names.serviceBus
    topicName: eventsTopicName
    subscriptionName: pushSubscriptionName
    duplicateDetectionHistoryTimeWindow: serviceBusDuplicateDetectionWindow
    maxDeliveryCount: serviceBusMaxDeliveryCount
    messageTimeToLive: serviceBusMessageTimeToLive
    workspaceId: monitoring.outputs.workspaceId
  }
}

module notificationHubs 'modules/notification-hubs.bicep' = {
  name: 'notification-hubs'
  params: {
    location: location
    tags: allTags
    namespaceName: names.notificationHubsNamespace
    hubName: notificationHubName
    backendRuleName: notificationHubsBackendRuleName
    skuName: notificationHubsSku
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: allTags
    name: names.keyVault
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    workspaceId: monitoring.outputs.workspaceId
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    tags: allTags
    planName: names.plan
    name: names.functionApp
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: functionAppMaximumInstanceCount
    instanceMemoryMB: functionAppInstanceMemoryMB
  }
}

module roleAssignments 'modules/function-app-role-assignments.bicep' = {
  name: 'function-app-role-assignments'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusTopicName: serviceBus.outputs.topicName
    serviceBusSubscriptionName: serviceBus.outputs.subscriptionName
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

// Applied after the role assignments, so the host starts with its storage, Service Bus
// and Key Vault access already granted (assignments can still take minutes to propagate).
module appSettings 'modules/function-app-settings.bicep' = {
  name: 'function-app-settings'
  dependsOn: [
    roleAssignments
  ]
  params: {
    functionAppName: functionApp.outputs.name
    storageAccountName: storage.outputs.name
    tableServiceUri: storage.outputs.tableEndpoint
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    notificationHubName: notificationHubs.outputs.hubName
    // Versionless: the platform picks up a new secret version without a redeployment.
    notificationHubsConnectionStringSecretUri: '${keyVault.outputs.uri}secrets/${notificationHubsConnectionStringSecretName}'
    appInsightsName: monitoring.outputs.appInsightsName
    scrapeBillsSchedule: scrapeBillsSchedule
    sweepOutboxSchedule: sweepOutboxSchedule
  }
}

// ---------------------------------------------------------------------------------------
// Outputs (names and endpoints only, never keys or connection strings)
// ---------------------------------------------------------------------------------------

@description('Name of the function app.')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the function app.')
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName

@description('Name of the storage account.')
output storageAccountName string = storage.outputs.name

@description('Fully qualified Service Bus namespace, e.g. <name>.servicebus.windows.net.')
output serviceBusNamespaceFqdn string = serviceBus.outputs.fullyQualifiedNamespace

@description('Name of the Key Vault that ops put the Notification Hubs connection string in.')
output keyVaultName string = keyVault.outputs.name

@description('Name of the Notification Hubs namespace.')
output notificationHubsNamespaceName string = notificationHubs.outputs.namespaceName

@description('Name of the notification hub.')
output notificationHubName string = notificationHubs.outputs.hubName

@description('Name of the hub SAS rule whose connection string ops copy into Key Vault.')
output notificationHubsBackendRuleName string = notificationHubs.outputs.backendRuleName
