// Types shared by main.bicep and the modules.

metadata description = 'Shared user-defined types.'

@export()
@description('Resource tags: names to string values.')
type tagsType = {
  @description('A tag value.')
  *: string
}

// Notification Hubs treats every field of a platform credential as a secret (the resource
// type marks them secure), so the whole object is secure: it never appears in the
// deployment's parameters or history.

@export()
@secure()
@description('APNs token-based (.p8) credential of the notification hub.')
type apnsCredentialType = {
  @description('Key ID of the APNs authentication key (10 characters, Apple Developer account).')
  keyId: string

  @description('Apple Developer Team ID (10 characters); Notification Hubs calls it appId.')
  teamId: string

  @description('Bundle ID of the iOS app; Notification Hubs calls it appName.')
  bundleId: string

  @description('Contents of the .p8 key file between the BEGIN and END lines, without line breaks.')
  token: string

  @description('APNs gateway: sandbox for development builds, production for App Store / TestFlight builds.')
  endpoint: ('https://api.sandbox.push.apple.com:443/3/device' | 'https://api.push.apple.com:443/3/device')
}

@export()
@secure()
@description('Firebase Cloud Messaging HTTP v1 credential of the notification hub (from a Firebase service account key).')
type fcmV1CredentialType = {
  @description('Firebase project ID (project_id in the service account key file).')
  projectId: string

  @description('Service account e-mail (client_email in the key file).')
  clientEmail: string

  @description('Service account private key (private_key in the key file), PEM with \\n line breaks.')
  privateKey: string
}
