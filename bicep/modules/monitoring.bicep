// Log Analytics workspace and a workspace-based Application Insights component.
// Both refuse key-based access: telemetry is accepted only with a Microsoft Entra token
// (the function app sends APPLICATIONINSIGHTS_AUTHENTICATION_STRING=ClientId=<its identity>;
// Authorization=AAD and its identity holds Monitoring Metrics Publisher on the component).

metadata description = 'Log Analytics workspace and workspace-based Application Insights, local auth disabled.'

import { tagsType } from 'types.bicep'

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource in this module.')
param tags tagsType

@description('Name of the Log Analytics workspace (4-63 characters).')
@minLength(4)
@maxLength(63)
param workspaceName string

@description('Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param appInsightsName string

@description('How many days the workspace keeps data (30-730, PerGB2018 tier).')
@minValue(30)
@maxValue(730)
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      // No shared-key ingestion or query: only Entra-authenticated callers and
      // Azure Monitor's own pipelines (diagnostic settings, workspace-based App Insights).
      disableLocalAuth: true
      enableLogAccessUsingOnlyResourcePermissions: true
    }
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // Instrumentation-key-only ingestion is refused; callers need an Entra token.
    DisableLocalAuth: true
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

@description('Resource ID of the Log Analytics workspace (target of diagnostic settings).')
output workspaceId string = workspace.id

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name
