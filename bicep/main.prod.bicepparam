// Production: zone-redundant storage, Notification Hubs Standard (device count and SLA),
// longer log retention. Network isolation (private endpoints, VNet integration) is not
// part of this first version.
using 'main.bicep'

param environmentName = 'prod'
param storageSkuName = 'Standard_ZRS'
param notificationHubsSku = 'Standard'
param logRetentionInDays = 90
param functionAppMaximumInstanceCount = 100
