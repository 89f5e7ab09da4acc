// Notification Hubs namespace and hub. Notification Hubs has no Microsoft Entra data-plane
// auth, so the app signs REST calls with a SAS key. The template creates a hub-level rule
// with only the rights the backend needs (Send for notifications, Listen for installations)
// but never reads its key: ops copy the rule's connection string into Key Vault after
// deployment (see bicep/README.md). Platform credentials (APNs, FCM v1) are secrets too and
// are also set by ops, not here.

metadata description = 'Notification Hubs namespace, hub, and a least-privilege SAS rule whose key never leaves Azure through the template.'

import { tagsType } from 'types.bicep'

@description('Azure region of the namespace and hub.')
param location string

@description('Tags applied to the namespace and hub.')
param tags tagsType

@description('Globally unique namespace name: 6-50 letters, digits and hyphens, starting with a letter.')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Name of the notification hub.')
@minLength(1)
@maxLength(260)
param hubName string

@description('Name of the hub-level SAS rule the backend uses (rights: Listen, Send).')
param backendRuleName string

@description('Namespace pricing tier. Free: 1M pushes and 500 devices; Basic: 200K devices; Standard: 10M devices and an SLA.')
@allowed([
  'Free'
  'Basic'
  'Standard'
])
param skuName string

resource namespace 'Microsoft.NotificationHubs/namespaces@2023-09-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    namespaceType: 'NotificationHub'
  }
}

resource hub 'Microsoft.NotificationHubs/namespaces/notificationHubs@2023-09-01' = {
  parent: namespace
  name: hubName
  location: location
  tags: tags
  properties: {}
}

// Not the namespace's RootManageSharedAccessKey (Manage rights over every hub):
// Listen covers installation create/update/delete, Send covers template sends.
resource backendRule 'Microsoft.NotificationHubs/namespaces/notificationHubs/authorizationRules@2023-09-01' = {
  parent: hub
  name: backendRuleName
  properties: {
    rights: [
      'Listen'
      'Send'
    ]
  }
}

@description('Name of the namespace.')
output namespaceName string = namespace.name

@description('Name of the hub.')
output hubName string = hub.name

@description('Name of the backend SAS rule (the name only, never its key).')
output backendRuleName string = backendRule.name
