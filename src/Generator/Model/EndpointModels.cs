namespace WeChat.OfficialAccount.Generator.Model
{
    // Immutable and structurally equatable, like every pipeline model.

    /// <summary>How an endpoint authenticates.</summary>
    internal enum EndpointAuth
    {
        AccessToken,
        AppIdSecret,
        OAuthAccessToken,
        None,
    }

    /// <summary>What an endpoint's request body is.</summary>
    internal enum RequestBodyKind
    {
        None,
        Json,
        Multipart,
        Text,
    }

    /// <summary>What an endpoint answers.</summary>
    internal enum ResponseKind
    {
        Json,
        Binary,
        BinaryOrJson,
        Redirect,
    }

    /// <summary>How a paged endpoint walks its pages.</summary>
    internal sealed record PagingSpec(bool IsCursor, string Items, string? Cursor, string? NextCursor, string? Offset, string? Count, string? Total);

    /// <summary>One REST endpoint as written in a spec file.</summary>
    internal sealed record EndpointSpec(
        string Name,
        string Method,
        string Host,
        string Path,
        EndpointAuth Auth,
        EquatableArray<FieldSpec> Query,
        RequestBodyKind Body,
        string? RequestType,
        string? MultipartFile,
        EquatableArray<FieldSpec> MultipartFields,
        ResponseKind Response,
        string? ResponseType,
        PagingSpec? Paging,
        string Doc,
        string DocUrl,
        SpecLocation Location)
    {
        /// <summary>Redirect endpoints: the URL fragment, e.g. wechat_redirect.</summary>
        public string? Fragment { get; init; }
    }

    /// <summary>The endpoints of one area: one group on the client.</summary>
    internal sealed record ApiGroupSpec(string Namespace, string Area, string Client, EquatableArray<EndpointSpec> Endpoints, SpecLocation Location);
}
