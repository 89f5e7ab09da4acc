// Types shared by main.bicep and the modules.

metadata description = 'Shared user-defined types.'

@export()
@description('Resource tags: names to string values.')
type tagsType = {
  @description('A tag value.')
  *: string
}
