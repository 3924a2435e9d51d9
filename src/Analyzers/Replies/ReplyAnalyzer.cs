using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WeChat.OfficialAccount.Analyzers.Replies
{
    /// <summary>
    /// Reply rules the type system cannot express (WXR001–WXR005): article counts by context, replies the platform
    /// discards, empty constant content, and replies addressed the wrong way round.
    /// </summary>
    /// <remarks>
    /// The handled message is the type of a parameter of the method or lambda that builds the reply
    /// (<c>TextMessage message =&gt; new NewsReply { … }</c>). Article counts are read from collection initializers.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReplyAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>User messages: a news reply to one of them may carry one article only.</summary>
        private static readonly string[] UserMessageTypes =
        {
            "WeChat.OfficialAccount.Messages.TextMessage", "WeChat.OfficialAccount.Messages.ImageMessage", "WeChat.OfficialAccount.Messages.VoiceMessage",
            "WeChat.OfficialAccount.Messages.VideoMessage", "WeChat.OfficialAccount.Messages.ShortVideoMessage", "WeChat.OfficialAccount.Messages.LocationMessage",
            "WeChat.OfficialAccount.Messages.LinkMessage",
        };

        /// <summary>Events whose passive reply the platform ignores.</summary>
        private static readonly string[] DiscardedReplyEvents =
        {
            "WeChat.OfficialAccount.Events.TemplateSendJobFinishEvent", "WeChat.OfficialAccount.Events.MassSendJobFinishEvent",
            "WeChat.OfficialAccount.Events.PublishJobFinishEvent", "WeChat.OfficialAccount.Events.UnsubscribeEvent",
            "WeChat.OfficialAccount.Events.SubscribeMsgPopupEvent", "WeChat.OfficialAccount.Events.SubscribeMsgChangeEvent",
            "WeChat.OfficialAccount.Events.SubscribeMsgSentEvent", "WeChat.OfficialAccount.Events.UserInfoModifiedEvent",
            "WeChat.OfficialAccount.Events.UserAuthorizationRevokeEvent", "WeChat.OfficialAccount.Events.UserAuthorizationCancellationEvent",
        };

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            WeChatDiagnosticCatalog.NewsReplyTooManyForUserMessage,
            WeChatDiagnosticCatalog.NewsReplyTooManyArticles,
            WeChatDiagnosticCatalog.ReplyDiscarded,
            WeChatDiagnosticCatalog.EmptyReplyValue,
            WeChatDiagnosticCatalog.ReplyAddressedBackwards);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                INamedTypeSymbol? reply = start.Compilation.GetTypeByMetadataName("WeChat.OfficialAccount.WeChatReply");
                INamedTypeSymbol? message = start.Compilation.GetTypeByMetadataName("WeChat.OfficialAccount.WeChatMessage");
                INamedTypeSymbol? news = start.Compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Replies.NewsReply");
                if (reply is null || message is null || news is null)
                {
                    return; // the SDK is not referenced
                }

                var known = new KnownTypes(
                    reply,
                    message,
                    news,
                    start.Compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Replies.TextReply"),
                    start.Compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Replies.ReplyMedia"),
                    start.Compilation.GetTypeByMetadataName("WeChat.OfficialAccount.Replies.ReplyVideo"),
                    Resolve(start.Compilation, UserMessageTypes),
                    Resolve(start.Compilation, DiscardedReplyEvents));
                start.RegisterOperationAction(context => AnalyzeCreation(context, known), OperationKind.ObjectCreation);
                start.RegisterOperationAction(context => AnalyzeAssignment(context, known), OperationKind.SimpleAssignment);
            });
        }

        private static ImmutableHashSet<INamedTypeSymbol> Resolve(Compilation compilation, string[] names) =>
            names.Select(compilation.GetTypeByMetadataName).Where(t => t is not null).Cast<INamedTypeSymbol>()
                .ToImmutableHashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);

        private static void AnalyzeCreation(OperationAnalysisContext context, KnownTypes known)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Type is not INamedTypeSymbol type)
            {
                return;
            }

            if (Derives(type, known.Reply))
            {
                ImmutableArray<ITypeSymbol> handled = HandledMessageTypes(creation, context.ContainingSymbol);
                ITypeSymbol? discarded = handled.FirstOrDefault(t => t is INamedTypeSymbol n && known.DiscardedEvents.Contains(n));
                if (discarded is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        WeChatDiagnosticCatalog.ReplyDiscarded,
                        creation.Syntax.GetLocation(),
                        $"The platform discards any reply to {discarded.Name}; answer success (no reply) instead"));
                }

                if (SymbolEqualityComparer.Default.Equals(type, known.News) && ArticleCount(creation) is int count)
                {
                    if (count > 8)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(WeChatDiagnosticCatalog.NewsReplyTooManyArticles, creation.Syntax.GetLocation(), $"A news reply carries at most 8 articles; this one has {count} (the rest would be dropped)"));
                    }
                    else if (count > 1 && handled.FirstOrDefault(t => t is INamedTypeSymbol n && known.UserMessages.Contains(n)) is { } userMessage)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(WeChatDiagnosticCatalog.NewsReplyTooManyForUserMessage, creation.Syntax.GetLocation(), $"A news reply to a user message ({userMessage.Name}) carries one article only; this one has {count}"));
                    }
                }
            }

            ReportEmptyConstant(context, creation, type, known.Text, "Content", "an empty text reply shows nothing; answer success instead");
            ReportEmptyConstant(context, creation, type, known.Media, "MediaId", "a media reply needs the media_id of an uploaded file");
            ReportEmptyConstant(context, creation, type, known.Video, "MediaId", "a video reply needs the media_id of an uploaded video");
        }

        private static void ReportEmptyConstant(OperationAnalysisContext context, IObjectCreationOperation creation, INamedTypeSymbol type, INamedTypeSymbol? target, string property, string why)
        {
            if (target is null || !SymbolEqualityComparer.Default.Equals(type, target) || creation.Initializer is null)
            {
                return;
            }

            foreach (IOperation initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation reference } assignment
                    && reference.Property.Name == property
                    && assignment.Value.ConstantValue is { HasValue: true, Value: var value }
                    && (value is null || (value is string text && text.Trim().Length == 0)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(WeChatDiagnosticCatalog.EmptyReplyValue, assignment.Value.Syntax.GetLocation(), $"{property} is empty: {why}"));
                }
            }
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, KnownTypes known)
        {
            // reply.ToUserName = message.ToUserName (or FromUserName = message.FromUserName) sends the reply to the
            // account itself: the reply's receiver is the message's sender.
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation target
                || target.Property.Name is not ("ToUserName" or "FromUserName")
                || !IsOn(target, known.Reply)
                || Unwrap(assignment.Value) is not IPropertyReferenceOperation source
                || source.Property.Name != target.Property.Name
                || !IsOn(source, known.Message))
            {
                return;
            }

            string swapped = target.Property.Name == "ToUserName" ? "FromUserName" : "ToUserName";
            context.ReportDiagnostic(Diagnostic.Create(
                WeChatDiagnosticCatalog.ReplyAddressedBackwards,
                assignment.Syntax.GetLocation(),
                $"The reply's {target.Property.Name} must be the message's {swapped}; use reply.AddressTo(message)"));
        }

        private static IOperation Unwrap(IOperation operation) => operation is IConversionOperation conversion ? Unwrap(conversion.Operand) : operation;

        private static bool IsOn(IPropertyReferenceOperation reference, INamedTypeSymbol baseType)
        {
            ITypeSymbol? instanceType = reference.Instance?.Type;
            if (reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } && reference.Parent?.Parent is IObjectOrCollectionInitializerOperation init)
            {
                instanceType = init.Type;
            }

            return instanceType is INamedTypeSymbol named && Derives(named, baseType);
        }

        private static bool Derives(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private static int? ArticleCount(IObjectCreationOperation creation)
        {
            if (creation.Initializer is null)
            {
                return null;
            }

            foreach (IOperation initializer in creation.Initializer.Initializers)
            {
                if (initializer is IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation { Property.Name: "Articles" }, Initializer: IObjectOrCollectionInitializerOperation list })
                {
                    return list.Initializers.Length;
                }

                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Articles" }, Value: var value }
                    && Unwrap(value) is IObjectCreationOperation { Initializer: { } listInitializer })
                {
                    return listInitializer.Initializers.Length;
                }
            }

            return null;
        }

        /// <summary>Types of the parameters of the nearest lambda, local function or method around the operation.</summary>
        private static ImmutableArray<ITypeSymbol> HandledMessageTypes(IOperation operation, ISymbol containing)
        {
            for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    return lambda.Symbol.Parameters.Select(p => p.Type).ToImmutableArray();
                }

                if (current is ILocalFunctionOperation local)
                {
                    return local.Symbol.Parameters.Select(p => p.Type).ToImmutableArray();
                }
            }

            return containing is IMethodSymbol method ? method.Parameters.Select(p => p.Type).ToImmutableArray() : ImmutableArray<ITypeSymbol>.Empty;
        }

        private sealed class KnownTypes
        {
            public KnownTypes(INamedTypeSymbol reply, INamedTypeSymbol message, INamedTypeSymbol news, INamedTypeSymbol? text, INamedTypeSymbol? media, INamedTypeSymbol? video, ImmutableHashSet<INamedTypeSymbol> userMessages, ImmutableHashSet<INamedTypeSymbol> discardedEvents)
            {
                Reply = reply;
                Message = message;
                News = news;
                Text = text;
                Media = media;
                Video = video;
                UserMessages = userMessages;
                DiscardedEvents = discardedEvents;
            }

            public INamedTypeSymbol Reply { get; }

            public INamedTypeSymbol Message { get; }

            public INamedTypeSymbol News { get; }

            public INamedTypeSymbol? Text { get; }

            public INamedTypeSymbol? Media { get; }

            public INamedTypeSymbol? Video { get; }

            public ImmutableHashSet<INamedTypeSymbol> UserMessages { get; }

            public ImmutableHashSet<INamedTypeSymbol> DiscardedEvents { get; }
        }
    }
}
