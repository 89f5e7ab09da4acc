// Alerts to the ops e-mail address:
// - Service Bus: a message is in a dead-letter queue (DeadletteredMessages > 0). FanOutPush
//   lets a message fail until the subscription's max delivery count moves it there, and
//   expired messages are dead-lettered too, so this is how a lost push shows up.
// - A source that stays unhealthy: every scrape of it in the last hour logged
//   "Source {Source} is unhealthy; the last good data stays" (SourcePass.cs) and none
//   logged its "Scrape of {Source}: …" summary. One failed pass is not worth a page; an hour
//   of them means the source's layout changed and the scraper needs work.

metadata description = 'Action group, dead-letter metric alert and unhealthy-source log alert.'

import { tagsType } from 'types.bicep'

@description('Azure region of the log alert rule (metric alerts and action groups are global).')
param location string

@description('Tags applied to every resource in this module.')
param tags tagsType

@description('Name of the action group.')
param actionGroupName string

@description('Short name of the action group (at most 12 characters, shown in e-mails and SMS).')
@maxLength(12)
param actionGroupShortName string

@description('E-mail address that receives the alerts.')
param alertEmailAddress string

@description('Name of the Service Bus namespace whose dead-letter queues are watched.')
param serviceBusNamespaceName string

@description('Name of the Application Insights component with the app\'s logs.')
param appInsightsName string

@description('Prefix of the alert rule names.')
param namePrefix string

resource serviceBusNamespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: actionGroupShortName
    enabled: true
    emailReceivers: [
      {
        name: 'ops'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

// DeadletteredMessages counts the messages sitting in dead-letter queues (a gauge), split by
// entity. The alert stays fired until someone drains the dead-letter queue.
resource deadLetteredAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-deadlettered-messages'
  location: 'global'
  tags: tags
  properties: {
    description: 'A Service Bus message was dead-lettered (max delivery count reached or expired). Inspect the dead-letter queue of the entity named in the alert.'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespace.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'DeadletteredMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

// One row per source whose passes in the window all failed. The message texts are the
// scrapers' log templates (SourcePass.cs and each scrape service); a test keeps them in step.
var unhealthySourceQuery = '''
traces
| where message contains "is unhealthy; the last good data stays" or message startswith "Scrape of "
| extend failedSource = extract(@"^Source (.+) is unhealthy; the last good data stays", 1, message),
         passedSource = extract(@"^Scrape of (.+?): ", 1, message)
| extend source = coalesce(failedSource, passedSource)
| where isnotempty(source)
| summarize failures = countif(isnotempty(failedSource)), passes = countif(isnotempty(passedSource)) by source
| where failures > 0 and passes == 0
'''

resource unhealthySourceAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-source-unhealthy'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Chantra: a source stayed unhealthy for an hour'
    description: 'Every scrape of a source in the last hour failed with "is unhealthy; the last good data stays": its last good data is still served, but the scraper needs attention.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: unhealthySourceQuery
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: [
            {
              name: 'source'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

@description('Resource ID of the action group.')
output actionGroupId string = actionGroup.id
