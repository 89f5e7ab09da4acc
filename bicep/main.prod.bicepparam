// Production: zone-redundant storage, Notification Hubs Standard (device count and SLA),
// HSM-protected complaint key (Key Vault premium), longer log retention, APNs production.
// Network isolation (private endpoints, VNet integration) is a later issue.
//
// Per-deployment inputs come from the environment (bicep/README.md, "Inputs"); none of them
// is committed. All are required: a deployment without the push credentials would remove
// them from the hub.
using 'main.bicep'

param environmentName = 'prod'
param storageSkuName = 'Standard_ZRS'
param notificationHubsSku = 'Standard'
param keyVaultSkuName = 'premium'
param logRetentionInDays = 90
param functionAppMaximumInstanceCount = 100

param alertEmailAddress = readEnvironmentVariable('CHANTRA_ALERT_EMAIL')
param staffApiClientId = readEnvironmentVariable('CHANTRA_STAFF_API_CLIENT_ID')

param apnsCredential = {
  keyId: readEnvironmentVariable('CHANTRA_APNS_KEY_ID')
  teamId: readEnvironmentVariable('CHANTRA_APNS_TEAM_ID')
  bundleId: readEnvironmentVariable('CHANTRA_APNS_BUNDLE_ID')
  token: readEnvironmentVariable('CHANTRA_APNS_TOKEN')
  endpoint: 'https://api.push.apple.com:443/3/device'
}

param fcmV1Credential = {
  projectId: readEnvironmentVariable('CHANTRA_FCM_PROJECT_ID')
  clientEmail: readEnvironmentVariable('CHANTRA_FCM_CLIENT_EMAIL')
  privateKey: readEnvironmentVariable('CHANTRA_FCM_PRIVATE_KEY')
}
