// Development: smallest tiers, short retention, APNs sandbox.
//
// Per-deployment inputs come from the environment (bicep/README.md, "Inputs"); none of them
// is committed. The alert address and the staff API client ID are required; the push
// credentials are optional here: CHANTRA_APNS_TOKEN / CHANTRA_FCM_PRIVATE_KEY unset means no
// APNs / FCM credential (the dev hub then cannot push to devices of that platform).
using 'main.bicep'

param environmentName = 'dev'
param storageSkuName = 'Standard_LRS'
param notificationHubsSku = 'Free'
param keyVaultSkuName = 'standard'
param logRetentionInDays = 30
param functionAppMaximumInstanceCount = 40

param alertEmailAddress = readEnvironmentVariable('CHANTRA_ALERT_EMAIL')
param staffApiClientId = readEnvironmentVariable('CHANTRA_STAFF_API_CLIENT_ID')

var apnsToken = readEnvironmentVariable('CHANTRA_APNS_TOKEN', '')
param apnsCredential = empty(apnsToken)
  ? null
  : {
      keyId: readEnvironmentVariable('CHANTRA_APNS_KEY_ID', '')
      teamId: readEnvironmentVariable('CHANTRA_APNS_TEAM_ID', '')
      bundleId: readEnvironmentVariable('CHANTRA_APNS_BUNDLE_ID', '')
      token: apnsToken
      endpoint: 'https://api.sandbox.push.apple.com:443/3/device'
    }

var fcmPrivateKey = readEnvironmentVariable('CHANTRA_FCM_PRIVATE_KEY', '')
param fcmV1Credential = empty(fcmPrivateKey)
  ? null
  : {
      projectId: readEnvironmentVariable('CHANTRA_FCM_PROJECT_ID', '')
      clientEmail: readEnvironmentVariable('CHANTRA_FCM_CLIENT_EMAIL', '')
      privateKey: fcmPrivateKey
    }
