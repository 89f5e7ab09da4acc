// The function app's settings: the single place they are defined. This resource replaces the
// whole collection on each deployment, so change settings here, not in the portal.
//
// - Every connection is identity-based: service URIs / namespace names plus
//   `__credential: managedidentity` and `__clientId` of the user-assigned identity. The names
//   are the ones the code reads (ChantraServices.cs, the ServiceBus trigger's Connection
//   "ServiceBus", %Schedules:…% timers); `ServiceBus__…` is the trigger's connection prefix,
//   not `ServiceBusConnection__…`.
// - The only secret, the Notification Hubs connection string, is a Key Vault reference that
//   the platform resolves with the same identity (keyVaultReferenceIdentity).
// - Flex Consumption sets the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME,
//   FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE must not be set here.
// tests/Chantra.Tests/Infrastructure/BicepPolicy*.cs compare these names with the code.

metadata description = 'Identity-based app settings of the Chantra function app.'

@description('Name of the function app.')
param functionAppName string

@description('Client ID of the app\'s user-assigned identity.')
param identityClientId string

@description('Blob endpoint of the storage account, e.g. https://<account>.blob.core.windows.net/.')
param blobServiceUri string

@description('Table endpoint of the storage account, e.g. https://<account>.table.core.windows.net/.')
param tableServiceUri string

@description('Fully qualified Service Bus namespace, e.g. <name>.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Name of the notification hub.')
param notificationHubName string

@description('Versionless URI of the Key Vault secret that holds the Notification Hubs connection string.')
param notificationHubsConnectionStringSecretUri string

@description('Versionless URI of the complaint key-encryption key in Key Vault.')
param complaintKeyUri string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('NCRONTAB (six fields, with seconds) of the bill scraper timer.')
param scrapeBillsSchedule string

@description('NCRONTAB (six fields, with seconds) of the meeting scraper timer.')
param scrapeMeetingsSchedule string

@description('NCRONTAB (six fields, with seconds) of the Senate news scraper timer.')
param scrapeNewsSchedule string

@description('NCRONTAB (six fields, with seconds) of the erasure of personal data of long-closed complaints.')
param purgeComplaintPersonalDataSchedule string

@description('NCRONTAB (six fields, with seconds) of the removal of old webhook delivery records.')
param pruneWebhookDeliveriesSchedule string

@description('Where bills, meetings and news come from: Live (the real sites) or Replay (recorded data).')
@allowed([
  'Live'
  'Replay'
])
param sourcesMode string

@description('First pages of the LIS bill lists to follow.')
param lisListUrls string[]

@description('First pages of the MSBIS meeting lists to follow.')
param msbisListUrls string[]

@description('Royal Gazette monthly listings to confirm enactments against.')
param gazetteListingUrls string[]

@description('Origins of the sites that embed the widget (CORS and frame-ancestors).')
param widgetAllowedOrigins string[]

@description('The link the widget\'s QR code opens.')
param widgetAppLink string

@description('NCRONTAB (six fields, with seconds) of the outbox sweeper timer.')
param sweepOutboxSchedule string

@description('NCRONTAB (six fields, with seconds) of the device pruner timer.')
param pruneDevicesSchedule string

@description('Outbox rows younger than this (TimeSpan, hh:mm:ss) are left to the scrape that wrote them.')
param outboxMinAge string

@description('Entra ID tenant of the staff API app registration.')
param staffApiTenantId string

@description('Client (application) ID of the staff API app registration.')
param staffApiClientId string

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Functions host storage (timer schedules, locks, keys in blobs; diagnostic events in
    // tables). No queueServiceUri: no queue or blob trigger (function-app-role-assignments.bicep).
    AzureWebJobsStorage__blobServiceUri: blobServiceUri
    AzureWebJobsStorage__tableServiceUri: tableServiceUri
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId

    // DefaultAzureCredential (ChantraServices.cs) picks the user-assigned identity by this.
    AZURE_CLIENT_ID: identityClientId

    // App tables (Storage:TableServiceUri in ChantraServices.cs).
    Storage__TableServiceUri: tableServiceUri

    // One namespace setting for both readers: ChantraServices.cs reads
    // ServiceBus:FullyQualifiedNamespace (the outbox publisher), and the FanOutPush trigger's
    // Connection = "ServiceBus" reads ServiceBus__fullyQualifiedNamespace (configuration keys
    // are case-insensitive). __credential/__clientId are for the trigger.
    ServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    ServiceBus__credential: 'managedidentity'
    ServiceBus__clientId: identityClientId

    NotificationHubs__HubName: notificationHubName
    // Resolved by the platform from Key Vault; the value in the template is only a reference.
    NotificationHubs__ConnectionString: '@Microsoft.KeyVault(SecretUri=${notificationHubsConnectionStringSecretUri})'

    // For the complaints feature's envelope encryption (wrapKey/unwrapKey with this key).
    Complaints__KeyUri: complaintKeyUri

    // Not a credential on its own: the component refuses key-only ingestion (DisableLocalAuth);
    // telemetry is accepted with the identity's Entra token (ClientId= picks the identity).
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

    Schedules__ScrapeBills: scrapeBillsSchedule
    Schedules__ScrapeMeetings: scrapeMeetingsSchedule
    Schedules__ScrapeNews: scrapeNewsSchedule
    Schedules__PurgeComplaintPersonalData: purgeComplaintPersonalDataSchedule
    Schedules__PruneWebhookDeliveries: pruneWebhookDeliveriesSchedule
    Schedules__SweepOutbox: sweepOutboxSchedule
    Schedules__PruneDevices: pruneDevicesSchedule
    Outbox__MinAge: outboxMinAge

    // Sources: one mode for bills, meetings and news; URL lists as one space-separated setting each.
    Sources__Bills__Mode: sourcesMode
    Sources__Meetings__Mode: sourcesMode
    Sources__News__Mode: sourcesMode
    Sources__Bills__Live__LisListUrlList: join(lisListUrls, ' ')
    Sources__Bills__Live__GazetteListingUrlList: join(gazetteListingUrls, ' ')
    Sources__Meetings__Live__ListUrlList: join(msbisListUrls, ' ')

    // The portal widget: CORS (the app's own middleware, not the platform's: two
    // Access-Control-Allow-Origin headers would make browsers refuse the answer).
    Widget__AllowedOriginList: join(widgetAllowedOrigins, ' ')
    Widget__AppLink: widgetAppLink

    // Staff APIs: tokens are validated against this app registration.
    Auth__TenantId: staffApiTenantId
    Auth__ClientId: staffApiClientId
  }
}
