using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// A handler class for one message or event type, registered in DI with
    /// <see cref="WeChatEndpointExtensions.AddWeChatHandler{TMessage, THandler}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/> (or mapped with
    /// <see cref="WeChatHandlers.On{TMessage, THandler}"/>). It is resolved per delivery from the delivery's own scope, so
    /// it may take scoped services in its constructor.
    /// </summary>
    /// <typeparam name="TMessage">The generated message or event type it handles.</typeparam>
    public interface IWeChatHandler<in TMessage>
        where TMessage : WeChatMessage
    {
        /// <summary>Handles one message; returns the reply, or null for no reply ("success").</summary>
        ValueTask<WeChatReply?> HandleAsync(TMessage message, WeChatHandlerContext context);
    }
}
