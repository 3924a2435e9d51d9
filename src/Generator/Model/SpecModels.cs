namespace WeChat.OfficialAccount.Generator.Model
{
    // Every model below must be immutable and structurally equatable: the incremental pipeline compares them to
    // decide what to regenerate. They hold strings, numbers, enums and EquatableArray only — never a symbol,
    // syntax node, Location, AdditionalText or Compilation.

    /// <summary>What a spec file (and each type in it) describes.</summary>
    internal enum SpecKind
    {
        Messages,
        Events,
        Replies,
        Object,

        /// <summary>A JSON request/response type of the REST client.</summary>
        JsonObject,
    }

    /// <summary>The wire/C# type of a field.</summary>
    internal enum FieldKind
    {
        String,
        Int32,
        Int64,
        Double,
        Boolean,
        Enum,
        Object,

        /// <summary>JSON: a 0/1 integer read and written as a C# bool.</summary>
        Flag,

        /// <summary>JSON: any value, kept as raw JSON text.</summary>
        Json,
    }

    /// <summary>One field as written in a spec file (references not yet resolved).</summary>
    internal sealed record FieldSpec(
        string Wire,
        string Name,
        FieldKind Kind,
        string? Ref,
        bool IsList,
        string? Item,
        string? CountOf,
        bool Required,
        string Doc,
        SpecLocation Location)
    {
        /// <summary>Query fields: "appId" or "appSecret" when the client fills the value from its options.</summary>
        public string? Source { get; init; }

        /// <summary>String, number or bool values (one, or a list of them): what a de-duplication key ("deduplicateBy") can be made of.</summary>
        public bool IsScalar => Kind is FieldKind.String or FieldKind.Int32 or FieldKind.Int64 or FieldKind.Double or FieldKind.Boolean;
    }

    /// <summary>A message, event, reply or nested object as written in a spec file.</summary>
    internal sealed record TypeSpec(
        SpecKind Kind,
        string Namespace,
        string Name,
        string? Key,
        string Doc,
        EquatableArray<FieldSpec> Fields,
        SpecLocation Location,
        SpecLocation KeyLocation)
    {
        /// <summary>
        /// Events: the wire names of the fields that tell two deliveries from one sender in one second apart, beyond
        /// Event and EventKey (spec "deduplicateBy"); empty for most.
        /// </summary>
        public EquatableArray<string> DeduplicateBy { get; init; } = EquatableArray<string>.Empty;
    }

    /// <summary>One value of a spec enum.</summary>
    internal sealed record EnumValueSpec(string Wire, string Name, string Doc);

    /// <summary>An enum as written in a spec file.</summary>
    internal sealed record EnumSpec(
        string Namespace,
        string Name,
        bool IsInt,
        string Doc,
        EquatableArray<EnumValueSpec> Values,
        SpecLocation Location)
    {
        /// <summary>Members take the wire numbers as their values (error codes), with no Unknown member and no codec.</summary>
        public bool ExplicitValues { get; init; }
    }

    /// <summary>The parse result of one spec file: its declarations and its diagnostics.</summary>
    internal sealed record SpecFile(
        string Path,
        EquatableArray<TypeSpec> Types,
        EquatableArray<EnumSpec> Enums,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        /// <summary>The REST endpoints of an endpoints file, or null for a message/event/reply file.</summary>
        public ApiGroupSpec? Api { get; init; }
    }

    /// <summary>A position in a spec file, as plain numbers.</summary>
    internal sealed record SpecLocation(string Path, int Start, int Length, int Line, int Column, int EndLine, int EndColumn);

    /// <summary>A diagnostic as a value: descriptor id, message arguments and where.</summary>
    internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, SpecLocation? Location);
}
