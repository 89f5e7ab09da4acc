// Chantra backend: Azure Functions (Flex Consumption, .NET 10 isolated) with storage tables,
// Service Bus, Notification Hubs, Key Vault and Application Insights.
//
// - Identity everywhere: the app runs as one user-assigned identity; storage (host and
//   tables), Service Bus, Key Vault and Application Insights all take its Entra token, and
//   storage keys, Service Bus SAS and Application Insights keys are disabled.
// - Least privilege: the identity holds exactly the data roles it uses, on the narrowest
//   scope (modules/function-app-role-assignments.bicep).
// - No secret in an app setting: Notification Hubs (SAS only) is the one secret; the
//   template moves its connection string from the hub into Key Vault, and the app setting is
//   a Key Vault reference.
// - Observable: Log Analytics + Application Insights, diagnostic settings, alerts to ops.
// Build and lint: bicep/build.sh. Deploy: bicep/README.md.

metadata name = 'Chantra backend'
metadata description = 'Function app and its dependencies for the Chantra citizen app, identity-based connections only.'

import { apnsCredentialType, fcmV1CredentialType, tagsType } from 'modules/types.bicep'

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

@description('Tags added to every resource, on top of the application and environment tags.')
param tags tagsType = {}

@description('Replication SKU of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('ISO 8601 duplicate detection window of the legislative-events topic (a retried publish of the same event id inside it is dropped). 20 seconds to 7 days.')
param serviceBusDuplicateDetectionWindow string = 'PT1H'

@description('Deliveries of a message on a subscription before it is dead-lettered.')
@minValue(1)
@maxValue(2000)
param serviceBusMaxDeliveryCount int = 10

@description('ISO 8601 time-to-live of legislative-events messages; expired ones are dead-lettered.')
param serviceBusMessageTimeToLive string = 'P14D'

@description('Whether the webhook consumer (DeliverWebhooks) reads the webhooks subscription: then bill events are delivered to it; while false the subscription filters every event out, so unread events neither pile up nor get dead-lettered.')
param webhooksConsumerDeployed bool = true

@description('Notification Hubs namespace tier (Free: 500 devices; Basic: 200K devices; Standard: 10M devices).')
@allowed([
  'Free'
  'Basic'
  'Standard'
])
param notificationHubsSku string = 'Free'

@description('APNs (.p8 token) credential of the hub. null: none (iOS pushes fail). A deployment replaces the hub\'s credentials, so pass it every time.')
param apnsCredential apnsCredentialType?

@description('FCM v1 credential of the hub. null: none (Android pushes fail). A deployment replaces the hub\'s credentials, so pass it every time.')
param fcmV1Credential fcmV1CredentialType?

@description('Key Vault SKU. premium keeps the complaint key in an HSM.')
@allowed([
  'standard'
  'premium'
])
param keyVaultSkuName string = 'standard'

@description('Days a deleted Key Vault, key or secret can be recovered (7-90). Cannot be changed once the vault exists.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Days of Log Analytics retention (30-730).')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('E-mail address of the ops team that receives the alerts.')
@minLength(3)
param alertEmailAddress string

@description('Entra ID tenant of the staff API app registration (app setting Auth__TenantId).')
@minLength(36)
@maxLength(36)
param staffApiTenantId string = tenant().tenantId

@description('Client (application) ID of the staff API app registration (app setting Auth__ClientId). Created once by hand: bicep/README.md.')
@minLength(36)
@maxLength(36)
param staffApiClientId string

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

@description('NCRONTAB (six fields, with seconds) of the meeting scraper timer: every minute; the app polls less often outside sitting hours (Meetings__Polling__*).')
param scrapeMeetingsSchedule string = '0 * * * * *'

@description('NCRONTAB (six fields, with seconds) of the Senate news scraper timer.')
param scrapeNewsSchedule string = '0 */10 * * * *'

@description('Where bills, meetings and news come from: Live reads the Parliament\'s and the Senate\'s sites; Replay plays the recorded data shipped with the app (a demo or a staging slot).')
@allowed([
  'Live'
  'Replay'
])
param sourcesMode string = 'Live'

@description('First pages of the LIS bill lists to follow (bills, budget bills and emergency decrees of the current House).')
param lisListUrls string[] = [
  'https://lis.parliament.go.th/index/search_advance_detail.php?S_SYSTEM=3&S_SAPA_NO=26&SEARCH_DATA=Y&offset=0'
  'https://lis.parliament.go.th/index/search_advance_detail.php?S_SYSTEM=4&S_SAPA_NO=26&SEARCH_DATA=Y&offset=0'
  'https://lis.parliament.go.th/index/search_advance_detail.php?S_SYSTEM=5&S_SAPA_NO=26&SEARCH_DATA=Y&offset=0'
]

@description('First pages of the MSBIS meeting lists to follow (the session_name parameter TIS-620 URL-encoded, as the site links it). Empty: no live meetings are read.')
param msbisListUrls string[] = []

@description('Royal Gazette monthly listings to confirm enactments against. Empty: enactments come from LIS and the Senate list only.')
param gazetteListingUrls string[] = []

@description('NCRONTAB (six fields, with seconds) of the daily erasure of personal data of long-closed complaints.')
param purgeComplaintPersonalDataSchedule string = '0 15 3 * * *'

@description('NCRONTAB (six fields, with seconds) of the daily removal of webhook delivery records older than the topic\'s message time-to-live.')
param pruneWebhookDeliveriesSchedule string = '0 45 3 * * *'

@description('Origins (scheme://host) of the province and ministry sites that embed the widget: they get CORS answers and may frame it. Empty: nobody.')
param widgetAllowedOrigins string[] = []

@description('The link the widget\'s QR code opens (it sends a phone to its own app store).')
param widgetAppLink string = 'https://chantra.senate.go.th/app'

@description('NCRONTAB (six fields, with seconds) of the outbox sweeper timer.')
param sweepOutboxSchedule string = '0 */5 * * * *'

@description('NCRONTAB (six fields, with seconds) of the device pruner timer.')
param pruneDevicesSchedule string = '0 30 3 * * *'

@description('Outbox rows younger than this (hh:mm:ss) are left to the scrape that wrote them.')
param outboxMinAge string = '00:02:00'

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

var prefix = toLower(namePrefix)
// 13 characters, stable for this resource group; makes the global names unique.
var suffix = uniqueString(resourceGroup().id)
var baseName = '${prefix}-${environmentName}'

var names = {
  identity: 'id-${baseName}-${suffix}'
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
  actionGroup: 'ag-${baseName}-${suffix}'
  alertPrefix: 'alert-${baseName}'
}

// Names the app code relies on (ChantraTables.cs, ServiceBusEventPublisher.cs, FanOutPush.cs).
var tableNames = [
  'bills'
  'billindex'
  'sources'
  'devices'
  'meetings'
  'meetingindex'
  'complaints'
  'complaintindex'
  'counters'
  'keys'
  'news'
  'newsindex'
  'changes'
  'webhooks'
  'webhookdeliveries'
  'library'
  'pagecache'
  'billaliases'
]
var deploymentContainerName = 'app-package'
var eventsTopicName = 'legislative-events'
var pushSubscriptionName = 'push'
var webhooksSubscriptionName = 'webhooks'
var notificationHubName = 'chantra'
var notificationHubsBackendRuleName = 'chantra-backend'
var notificationHubsSecretName = 'NotificationHubs-ConnectionString'
var complaintKeyName = 'complaint-kek'

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

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    tags: allTags
    name: names.identity
  }
}

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
    pushSubscriptionName: pushSubscriptionName
    webhooksSubscriptionName: webhooksSubscriptionName
    webhooksConsumerDeployed: webhooksConsumerDeployed
    duplicateDetectionHistoryTimeWindow: serviceBusDuplicateDetectionWindow
    maxDeliveryCount: serviceBusMaxDeliveryCount
    messageTimeToLive: serviceBusMessageTimeToLive
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: allTags
    name: names.keyVault
    skuName: keyVaultSkuName
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    complaintKeyName: complaintKeyName
    complaintKeySize: 3072
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
    apnsCredential: apnsCredential
    fcmV1Credential: fcmV1Credential
    keyVaultName: keyVault.outputs.name
    connectionStringSecretName: notificationHubsSecretName
  }
}

// Before the app exists: with a user-assigned identity the roles are in place when the app
// first starts and pulls its package (role assignments can still take minutes to apply).
module roleAssignments 'modules/function-app-role-assignments.bicep' = {
  name: 'function-app-role-assignments'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusTopicName: serviceBus.outputs.topicName
    serviceBusPushSubscriptionName: serviceBus.outputs.pushSubscriptionName
    keyVaultName: keyVault.outputs.name
    notificationHubsSecretName: notificationHubs.outputs.connectionStringSecretName
    complaintKeyName: keyVault.outputs.complaintKeyName
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  dependsOn: [
    roleAssignments
  ]
  params: {
    location: location
    tags: allTags
    planName: names.plan
    name: names.functionApp
    identityId: identity.outputs.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: functionAppMaximumInstanceCount
    instanceMemoryMB: functionAppInstanceMemoryMB
    workspaceId: monitoring.outputs.workspaceId
  }
}

module appSettings 'modules/function-app-settings.bicep' = {
  name: 'function-app-settings'
  params: {
    functionAppName: functionApp.outputs.name
    identityClientId: identity.outputs.clientId
    blobServiceUri: storage.outputs.blobEndpoint
    tableServiceUri: storage.outputs.tableEndpoint
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    notificationHubName: notificationHubs.outputs.hubName
    notificationHubsConnectionStringSecretUri: notificationHubs.outputs.connectionStringSecretUri
    complaintKeyUri: keyVault.outputs.complaintKeyUri
    appInsightsName: monitoring.outputs.appInsightsName
    scrapeBillsSchedule: scrapeBillsSchedule
    scrapeMeetingsSchedule: scrapeMeetingsSchedule
    scrapeNewsSchedule: scrapeNewsSchedule
    purgeComplaintPersonalDataSchedule: purgeComplaintPersonalDataSchedule
    pruneWebhookDeliveriesSchedule: pruneWebhookDeliveriesSchedule
    sourcesMode: sourcesMode
    lisListUrls: lisListUrls
    msbisListUrls: msbisListUrls
    gazetteListingUrls: gazetteListingUrls
    widgetAllowedOrigins: widgetAllowedOrigins
    widgetAppLink: widgetAppLink
    sweepOutboxSchedule: sweepOutboxSchedule
    pruneDevicesSchedule: pruneDevicesSchedule
    outboxMinAge: outboxMinAge
    staffApiTenantId: staffApiTenantId
    staffApiClientId: staffApiClientId
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: allTags
    actionGroupName: names.actionGroup
    actionGroupShortName: take('chantra-${environmentName}', 12)
    alertEmailAddress: alertEmailAddress
    serviceBusNamespaceName: serviceBus.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    namePrefix: names.alertPrefix
  }
}

// ---------------------------------------------------------------------------------------
// Outputs (names, endpoints and IDs only, never keys or connection strings)
// ---------------------------------------------------------------------------------------

@description('Name of the function app.')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the function app.')
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName

@description('Client ID of the function app\'s user-assigned identity.')
output functionAppIdentityClientId string = identity.outputs.clientId

@description('Name of the storage account.')
output storageAccountName string = storage.outputs.name

@description('Fully qualified Service Bus namespace, e.g. <name>.servicebus.windows.net.')
output serviceBusNamespaceFqdn string = serviceBus.outputs.fullyQualifiedNamespace

@description('Name of the Key Vault.')
output keyVaultName string = keyVault.outputs.name

@description('Name of the Notification Hubs namespace.')
output notificationHubsNamespaceName string = notificationHubs.outputs.namespaceName

@description('Name of the notification hub.')
output notificationHubName string = notificationHubs.outputs.hubName

@description('Name of the Application Insights component.')
output appInsightsName string = monitoring.outputs.appInsightsName
