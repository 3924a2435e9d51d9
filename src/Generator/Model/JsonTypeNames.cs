namespace WeChat.OfficialAccount.Generator.Model
{
    /// <summary>C# type names of JSON field values, shared by the linker (paging item types) and the emitter.</summary>
    internal static class JsonTypeNames
    {
        public static string ItemType(FieldModel field) => field.Kind switch
        {
            FieldKind.String => "string",
            FieldKind.Int32 => "int",
            FieldKind.Int64 => "long",
            FieldKind.Double => "double",
            FieldKind.Boolean or FieldKind.Flag => "bool",
            FieldKind.Json => "string",
            _ => field.TypeName!,
        };
    }
}
