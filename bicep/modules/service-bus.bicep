// Service Bus namespace with the topic the app publishes domain events to and its two
// subscriptions: `push` (consumed by the FanOutPush function) and `webhooks` (for the
// webhook delivery feature). SAS (local) auth is disabled: senders and receivers use
// Microsoft Entra ID (the function app's managed identity).

metadata description = 'Service Bus namespace (Entra-only), topic with duplicate detection, push and webhooks subscriptions with dead-lettering.'

import { tagsType } from 'types.bicep'

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags tagsType

@description('Globally unique namespace name: 6-50 letters, digits and hyphens, starting with a letter.')
@minLength(6)
@maxLength(50)
param name string

@description('Topic the app publishes domain events to.')
param topicName string

@description('Subscription of the topic that the push fan-out function consumes.')
param pushSubscriptionName string

@description('Subscription of the topic for webhook delivery.')
param webhooksSubscriptionName string

@description('Whether a webhook consumer is deployed. Until then the webhooks subscription filters every message out (see below).')
param webhooksConsumerDeployed bool

@description('ISO 8601 window in which a repeated MessageId is dropped as a duplicate (20 seconds to 7 days).')
param duplicateDetectionHistoryTimeWindow string

@description('Deliveries of a message on a subscription before it is dead-lettered.')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int

@description('ISO 8601 time-to-live of messages; expired messages of a subscription are dead-lettered.')
param messageTimeToLive string

@description('Resource ID of the Log Analytics workspace that receives the namespace logs and metrics.')
param workspaceId string

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // No SAS keys: every client authenticates with Entra ID.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    // No VNet integration for the Flex Consumption app yet (and Standard has no private
    // endpoints): the public endpoint stays on, authentication is still required.
    publicNetworkAccess: 'Enabled'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    // The event id is the MessageId: a retried publish inside the window is dropped.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionHistoryTimeWindow
    defaultMessageTimeToLive: messageTimeToLive
    enableBatchedOperations: true
  }
}

// Both subscriptions: after maxDeliveryCount failed deliveries, or when a message expires,
// the message moves to the dead-letter queue (and the DeadletteredMessages alert fires);
// nothing is dropped silently.
var subscriptionProperties = {
  maxDeliveryCount: maxDeliveryCount
  deadLetteringOnMessageExpiration: true
  deadLetteringOnFilterEvaluationExceptions: true
  defaultMessageTimeToLive: messageTimeToLive
  // The Functions host renews the lock up to maxAutoLockRenewalDuration (host.json).
  lockDuration: 'PT1M'
  enableBatchedOperations: true
}

resource pushSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = {
  parent: topic
  name: pushSubscriptionName
  properties: subscriptionProperties
}

resource webhooksSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = {
  parent: topic
  name: webhooksSubscriptionName
  properties: subscriptionProperties
}

// A subscription nobody reads would keep every event until it expires, then dead-letter it:
// the dead-letter alert would fire for events that never had a reader, and the topic's size
// quota (shared by its subscriptions) would fill. Until a webhook consumer exists the
// subscription's default rule matches nothing. With webhooksConsumerDeployed (DeliverWebhooks is in
// the app) it takes bill events only: webhooks are for ministries' bills.
resource webhooksDefaultRule 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = {
  parent: webhooksSubscription
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: {
      sqlExpression: webhooksConsumerDeployed ? 'user.type LIKE \'th.go.senate.chantra.bill.%\'' : '1=0'
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Name of the namespace.')
output name string = namespace.name

// serviceBusEndpoint is 'https://<name>.<suffix>:443/'; keep only the host, so the
// value is right in every cloud instead of hard-coding 'servicebus.windows.net'.
var endpointAfterScheme = split(namespace.properties.serviceBusEndpoint, '//')[1]
var endpointHost = split(split(endpointAfterScheme, ':')[0], '/')[0]

@description('Fully qualified namespace host, e.g. <name>.servicebus.windows.net.')
output fullyQualifiedNamespace string = endpointHost

@description('Name of the topic.')
output topicName string = topic.name

@description('Name of the push subscription.')
output pushSubscriptionName string = pushSubscription.name

@description('Name of the webhooks subscription.')
output webhooksSubscriptionName string = webhooksSubscription.name
