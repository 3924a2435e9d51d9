namespace WeChat.OfficialAccount.Generator.Model
{
    // Emit models are the linked, ready-to-print form. Like the spec models they are immutable and equatable,
    // so one generated file is rewritten only when its own model changes.

    /// <summary>A field with its references resolved to fully qualified C# names.</summary>
    internal sealed record FieldModel(
        string Wire,
        string Name,
        FieldKind Kind,
        string? TypeName,
        bool EnumIsInt,
        bool IsList,
        string? Item,
        string? CountOf,
        bool Required,
        string Doc,
        int Bit)
    {
        /// <summary>Query fields the client fills from its options: "appId" or "appSecret".</summary>
        public string? Source { get; init; }
    }

    /// <summary>One generated class.</summary>
    internal sealed record TypeModel(
        SpecKind Kind,
        string Namespace,
        string Name,
        string? Key,
        string Doc,
        EquatableArray<FieldModel> Fields)
    {
        /// <summary>The C# names of the fields in the type's de-duplication key beyond Event and EventKey (events only).</summary>
        public EquatableArray<string> DeduplicateBy { get; init; } = EquatableArray<string>.Empty;
    }

    /// <summary>One generated enum and its wire codec.</summary>
    internal sealed record EnumModel(
        string Namespace,
        string Name,
        bool IsInt,
        string Doc,
        EquatableArray<EnumValueSpec> Values)
    {
        /// <summary>Members take the wire numbers as their values (error codes).</summary>
        public bool ExplicitValues { get; init; }
    }

    /// <summary>One dispatch entry of the generated payload factory.</summary>
    internal sealed record DispatchEntry(SpecKind Kind, string Key, string TypeName);

    /// <summary>Everything the cross-file link step produces.</summary>
    internal sealed record LinkedSpecs(
        EquatableArray<TypeModel> Types,
        EquatableArray<EnumModel> Enums,
        EquatableArray<DispatchEntry> Dispatch,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        /// <summary>The REST client groups, one per endpoints file.</summary>
        public EquatableArray<ApiGroupModel> Groups { get; init; } = EquatableArray<ApiGroupModel>.Empty;
    }
}

namespace WeChat.OfficialAccount.Generator.Model
{
    /// <summary>Paging with every name resolved: how to read the entries and move the cursor or offset.</summary>
    internal sealed record PagingModel(bool IsCursor, string ItemsPath, string ItemType, string? Cursor, bool CursorInQuery, string? NextCursor, string? Offset, string? Count, string? Total, bool OffsetNullable, bool TotalNullable, bool OffsetInQuery);

    /// <summary>One endpoint ready to emit.</summary>
    internal sealed record EndpointModel(
        string Name,
        string Method,
        string Host,
        string Path,
        EndpointAuth Auth,
        EquatableArray<FieldModel> Query,
        RequestBodyKind Body,
        string? RequestType,
        string? MultipartFile,
        EquatableArray<FieldModel> MultipartFields,
        ResponseKind Response,
        string? ResponseType,
        PagingModel? Paging,
        string Doc,
        string DocUrl)
    {
        /// <summary>Redirect endpoints: the URL fragment.</summary>
        public string? Fragment { get; init; }
    }

    /// <summary>One client group (one endpoints file).</summary>
    internal sealed record ApiGroupModel(string Namespace, string Area, string Client, EquatableArray<EndpointModel> Endpoints);
}
