// Development: smallest tiers, short retention.
using 'main.bicep'

param environmentName = 'dev'
param storageSkuName = 'Standard_LRS'
param notificationHubsSku = 'Free'
param logRetentionInDays = 30
param functionAppMaximumInstanceCount = 40
