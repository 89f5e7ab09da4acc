// Service Bus namespace with the topic the app publishes domain events to and the
// subscription the push fan-out consumes. SAS (local) auth is disabled: senders and
// receivers use Microsoft Entra ID.

metadata description = 'Service Bus namespace (Entra-only), topic with duplicate detection, and the push subscription.'

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
param subscriptionName string

@description('ISO 8601 window in which a repeated MessageId is dropped as a duplicate (20 seconds to 7 days).')
param duplicateDetectionHistoryTimeWindow string

@description('Deliveries of a message before it is dead-lettered.')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int

@description('ISO 8601 time-to-live of messages; expired messages of the subscription are dead-lettered.')
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
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
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

resource subscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = {
  parent: topic
  name: subscriptionName
  properties: {
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    deadLetteringOnFilterEvaluationExceptions: true
    defaultMessageTimeToLive: messageTimeToLive
    enableBatchedOperations: true
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

@description('Name of the subscription.')
output subscriptionName string = subscription.name
