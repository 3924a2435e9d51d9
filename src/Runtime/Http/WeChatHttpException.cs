using System;
using System.Net;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>A call failed before an error envelope could be read: network failure, timeout, unexpected HTTP status or body.</summary>
    public sealed class WeChatHttpException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public WeChatHttpException(WeChatEndpoint endpoint, string reason, HttpStatusCode? statusCode = null, Exception? innerException = null)
            : base($"{endpoint.Method} {endpoint.Path}: {reason}", innerException)
        {
            Endpoint = endpoint;
            StatusCode = statusCode;
        }

        /// <summary>The endpoint that failed.</summary>
        public WeChatEndpoint Endpoint { get; }

        /// <summary>The HTTP status, when a response arrived.</summary>
        public HttpStatusCode? StatusCode { get; }
    }
}
