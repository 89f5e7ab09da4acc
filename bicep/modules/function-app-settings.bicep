// The function app's settings. Every connection is identity-based (the `__accountName`,
// `__tableServiceUri`, `__fullyQualifiedNamespace` forms); the only secret, the Notification
// Hubs connection string, is a Key Vault reference resolved by the platform with the app's
// identity. This resource replaces the whole app settings collection on each deployment.

metadata description = 'Identity-based app settings of the Chantra function app.'

@description('Name of the function app.')
param functionAppName string

@description('Name of the storage account used as AzureWebJobsStorage.')
param storageAccountName string

@description('Table endpoint of the storage account, e.g. https://<account>.table.core.windows.net/.')
param tableServiceUri string

@description('Fully qualified Service Bus namespace, e.g. <name>.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Name of the notification hub.')
param notificationHubName string

@description('Versionless URI of the Key Vault secret that holds the Notification Hubs connection string.')
param notificationHubsConnectionStringSecretUri string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('NCRONTAB (six fields, with seconds) of the bill scraper timer.')
param scrapeBillsSchedule string

@description('NCRONTAB (six fields, with seconds) of the outbox sweeper timer.')
param sweepOutboxSchedule string

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Flex Consumption sets the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE must not be set here.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    Storage__tableServiceUri: tableServiceUri
    ServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    NotificationHubs__HubName: notificationHubName
    // The secret value is NOT set by this template: ops store the hub rule's connection
    // string in Key Vault after the first deployment (bicep/README.md). Until then the
    // reference does not resolve and the app sees the literal reference string.
    NotificationHubs__ConnectionString: '@Microsoft.KeyVault(SecretUri=${notificationHubsConnectionStringSecretUri})'
    // Not a credential on its own: the component refuses key-only ingestion (DisableLocalAuth),
    // telemetry is accepted with the app identity's Entra token.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    Schedules__ScrapeBills: scrapeBillsSchedule
    Schedules__SweepOutbox: sweepOutboxSchedule
    Schedules__PruneDevices: '0 30 3 * * *'
  }
}
