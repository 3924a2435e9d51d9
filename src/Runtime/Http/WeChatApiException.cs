using System;
using System.Text.RegularExpressions;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>The platform answered with a non-zero errcode.</summary>
    public sealed partial class WeChatApiException : Exception
    {
        /// <summary>Creates the exception from an error envelope.</summary>
        /// <param name="endpoint">The endpoint that failed.</param>
        /// <param name="errorCode">The errcode.</param>
        /// <param name="errorMessage">The errmsg.</param>
        public WeChatApiException(WeChatEndpoint endpoint, int errorCode, string? errorMessage)
            : base(Describe(endpoint, errorCode, errorMessage))
        {
            Endpoint = endpoint;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage ?? string.Empty;
            Match match = RidPattern().Match(ErrorMessage);
            Rid = match.Success ? match.Groups[1].Value : null;
        }

        /// <summary>The endpoint that failed.</summary>
        public WeChatEndpoint Endpoint { get; }

        /// <summary>The errcode, as a number (every code, known or not).</summary>
        public int ErrorCode { get; }

        /// <summary>The errcode as the generated enum; a code the table does not name keeps its number (check with Enum.IsDefined).</summary>
        public WeChatErrorCode Error => (WeChatErrorCode)ErrorCode;

        /// <summary>The errmsg.</summary>
        public string ErrorMessage { get; }

        /// <summary>The request id from errmsg (<c>rid: …</c>), for /cgi-bin/openapi/rid/get and support.</summary>
        public string? Rid { get; }

        /// <summary>Whether the code says the access_token is invalid or expired (40001, 40014, 42001).</summary>
        public bool IsAccessTokenError => ErrorCode is 40001 or 40014 or 42001;

        /// <summary>The message: the call, the code with what the SDK's error table says it means, and the platform's errmsg.</summary>
        private static string Describe(WeChatEndpoint endpoint, int errorCode, string? errorMessage) =>
            WeChatErrorCodeDescriptions.Describe((WeChatErrorCode)errorCode) is { } meaning
                ? $"{endpoint.Method} {endpoint.Path} failed with errcode {errorCode} ({meaning}): {errorMessage} (quote the rid to WeChat support)."
                : $"{endpoint.Method} {endpoint.Path} failed with errcode {errorCode}: {errorMessage} (a code the SDK's table does not name: look it up in the platform's global error table; quote the rid to WeChat support).";

        [GeneratedRegex(@"rid:\s*([0-9a-fA-F-]+)")]
        private static partial Regex RidPattern();
    }
}
