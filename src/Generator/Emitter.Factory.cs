using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    internal static partial class Emitter
    {
        public const string FactoryClassName = "WeChatSpecTypes";

        /// <summary>Emits the compilation's payload factory: MsgType/Event → a new typed instance, no reflection.</summary>
        public static string EmitFactory(string ns, EquatableArray<DispatchEntry> entries)
        {
            var w = new SourceWriter();
            WriteHeader(w);
            w.Open($"namespace {ns}");
            w.Line("/// <summary>Creates the typed message, event or reply for a MsgType or Event value of the spec files in this compilation.</summary>");
            w.Line(GeneratedCodeAttribute);
            w.Open($"public sealed partial class {FactoryClassName} : {RuntimeNamespace}.IWeChatPayloadFactory");
            w.Line("/// <summary>The shared instance.</summary>");
            w.Line($"public static {FactoryClassName} Instance {{ get; }} = new {FactoryClassName}();");
            w.Line();
            WriteTable(w, entries, SpecKind.Messages, "Messages", "WeChatMessage");
            WriteTable(w, entries, SpecKind.Events, "Events", "WeChatEvent");
            WriteTable(w, entries, SpecKind.Replies, "Replies", "WeChatReply");
            WriteCreate(w, "CreateMessage", "msgType", "Messages", "WeChatMessage");
            WriteCreate(w, "CreateEvent", "eventName", "Events", "WeChatEvent");
            WriteCreate(w, "CreateReply", "msgType", "Replies", "WeChatReply");
            w.Line("/// <summary>Every MsgType (non-event messages) this factory knows, in the spec's spelling.</summary>");
            w.Line("public static global::System.Collections.Generic.IReadOnlyCollection<string> MessageTypes => Messages.Keys;");
            w.Line();
            w.Line("/// <summary>Every Event value this factory knows, in the spec's spelling.</summary>");
            w.Line("public static global::System.Collections.Generic.IReadOnlyCollection<string> EventTypes => Events.Keys;");
            w.Line();
            w.Line("/// <summary>Every reply MsgType this factory knows.</summary>");
            w.Line("public static global::System.Collections.Generic.IReadOnlyCollection<string> ReplyTypes => Replies.Keys;");
            w.Close();
            w.Close();
            return w.ToString();
        }

        private static void WriteTable(SourceWriter w, EquatableArray<DispatchEntry> entries, SpecKind kind, string name, string baseType)
        {
            string type = $"global::System.Collections.Generic.Dictionary<string, global::System.Func<{RuntimeNamespace}.{baseType}>>";
            w.Line($"private static readonly {type} {name} = new {type}(global::System.StringComparer.OrdinalIgnoreCase)");
            w.Line("{");
            w.Indent();
            foreach (DispatchEntry entry in entries)
            {
                if (entry.Kind == kind)
                {
                    w.Line($"[{Literal(entry.Key)}] = static () => new {entry.TypeName}(),");
                }
            }

            w.Outdent();
            w.Line("};");
            w.Line();
        }

        private static void WriteCreate(SourceWriter w, string method, string parameter, string table, string baseType)
        {
            w.Line("/// <inheritdoc />");
            w.Line($"public {RuntimeNamespace}.{baseType}? {method}(string {parameter}) =>");
            w.Line($"    {parameter} is not null && {table}.TryGetValue({parameter}, out var create) ? create() : null;");
            w.Line();
        }
    }
}
