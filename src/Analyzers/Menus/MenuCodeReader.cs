using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WeChat.OfficialAccount.Menus.Rules
{
    /// <summary>
    /// The C# front end of the menu rules: reads a <c>new MenuCreateRequest { … }</c> or <c>new MenuAddConditionalRequest { … }</c>
    /// operation tree into a <see cref="MenuModel"/> whose locations are <see cref="Location"/>s. It follows object and
    /// collection initializers, <c>new List&lt;MenuButton&gt; { … }</c> and the <c>MenuButton</c> factories; whatever
    /// it cannot follow becomes an unknown value (skipped by the rules) or an incomplete list (counting skipped).
    /// </summary>
    internal static class MenuCodeReader
    {
        private static readonly Dictionary<string, string> ButtonProperties = new(StringComparer.Ordinal)
        {
            ["Type"] = "type",
            ["Name"] = "name",
            ["Key"] = "key",
            ["Url"] = "url",
            ["MediaId"] = "media_id",
            ["ArticleId"] = "article_id",
            ["AppId"] = "appid",
            ["PagePath"] = "pagepath",
        };

        private static readonly Dictionary<string, string> FactoryParameters = new(StringComparer.Ordinal)
        {
            ["name"] = "name",
            ["key"] = "key",
            ["url"] = "url",
            ["mediaId"] = "media_id",
            ["articleId"] = "article_id",
            ["appId"] = "appid",
            ["pagePath"] = "pagepath",
        };

        /// <summary>Factory method → the button type it writes (null: a parent button without type).</summary>
        private static readonly Dictionary<string, string?> Factories = new(StringComparer.Ordinal)
        {
            ["Click"] = "click",
            ["View"] = "view",
            ["ScanCodePush"] = "scancode_push",
            ["ScanCodeWaitMsg"] = "scancode_waitmsg",
            ["PicSysPhoto"] = "pic_sysphoto",
            ["PicPhotoOrAlbum"] = "pic_photo_or_album",
            ["PicWeixin"] = "pic_weixin",
            ["LocationSelect"] = "location_select",
            ["Media"] = "media_id",
            ["Article"] = "article_id",
            ["ArticleViewLimited"] = "article_view_limited",
            ["MiniProgram"] = "miniprogram",
            ["Parent"] = null,
        };

        private static readonly Dictionary<string, string> MatchRuleProperties = new(StringComparer.Ordinal)
        {
            ["TagId"] = "tag_id",
            ["ClientPlatformType"] = "client_platform_type",
            ["GroupId"] = "group_id",
            ["Sex"] = "sex",
            ["Country"] = "country",
            ["Province"] = "province",
            ["City"] = "city",
            ["Language"] = "language",
        };

        public static MenuModel Read(IObjectCreationOperation creation, MenuCodeTypes types)
        {
            var menu = new MenuModel(creation.Syntax.GetLocation());
            bool buttonsSeen = false;
            bool matchRuleSeen = false;
            foreach (IOperation initializer in Initializers(creation))
            {
                switch (initializer)
                {
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Button" } } assignment:
                        buttonsSeen = true;
                        menu.ButtonsLocation = assignment.Value.Syntax.GetLocation();
                        menu.ButtonsIncomplete |= !ReadList(assignment.Value, types, menu.Buttons, out _);
                        break;
                    case IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation { Property.Name: "Button" }, Initializer: IObjectOrCollectionInitializerOperation list }:
                        buttonsSeen = true;
                        menu.ButtonsLocation = list.Syntax.GetLocation();
                        menu.ButtonsIncomplete |= !ReadCollection(list, types, menu.Buttons);
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "MatchRule" } } assignment:
                        matchRuleSeen = true;
                        menu.MatchRule = Unwrap(assignment.Value) is IObjectCreationOperation created && MenuCodeTypes.Is(created.Type, types.MatchRule)
                            ? ReadMatchRule(created.Syntax.GetLocation(), Initializers(created))
                            : null;
                        break;
                    case IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation { Property.Name: "MatchRule" }, Initializer: { } rule }:
                        matchRuleSeen = true;
                        menu.MatchRule = ReadMatchRule(rule.Syntax.GetLocation(), rule.Initializers);
                        break;
                }
            }

            LaterUse use = FindLaterUse(creation);
            menu.ButtonsIncomplete |= buttonsSeen ? use.Touches("Button") : !use.KeepsDefault("Button");
            if (MenuCodeTypes.Is(creation.Type, types.AddConditionalRequest))
            {
                if (matchRuleSeen ? use.Touches("MatchRule") : !use.KeepsDefault("MatchRule"))
                {
                    menu.MatchRule = null;
                }
                else if (!matchRuleSeen)
                {
                    menu.MatchRule = new MenuMatchRuleModel(creation.Syntax.GetLocation()); // the default, empty rule is sent
                }
            }

            return menu;
        }

        private static IEnumerable<IOperation> Initializers(IObjectCreationOperation creation) =>
            creation.Initializer?.Initializers ?? (IEnumerable<IOperation>)Array.Empty<IOperation>();

        /// <summary>Reads a list-valued expression; false when its contents are not fully known.</summary>
        private static bool ReadList(IOperation value, MenuCodeTypes types, List<MenuButtonModel> into, out bool isNull)
        {
            IOperation list = Unwrap(value);
            isNull = list.ConstantValue is { HasValue: true, Value: null };
            if (isNull)
            {
                return true;
            }

            if (list is IObjectCreationOperation creation)
            {
                foreach (IArgumentOperation argument in creation.Arguments)
                {
                    if (argument.Value.Type?.SpecialType != SpecialType.System_Int32)
                    {
                        return false; // new List<MenuButton>(otherButtons)
                    }
                }

                return creation.Initializer is null || ReadCollection(creation.Initializer, types, into);
            }

            return false;
        }

        private static bool ReadCollection(IObjectOrCollectionInitializerOperation initializer, MenuCodeTypes types, List<MenuButtonModel> into)
        {
            bool complete = true;
            foreach (IOperation element in initializer.Initializers)
            {
                if (element is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add)
                {
                    into.Add(ReadButton(add.Arguments[0].Value, types));
                }
                else
                {
                    complete = false;
                }
            }

            return complete;
        }

        private static MenuButtonModel ReadButton(IOperation element, MenuCodeTypes types)
        {
            IOperation operation = Unwrap(element);
            if (operation is IObjectCreationOperation creation && MenuCodeTypes.Is(creation.Type, types.Button))
            {
                return ReadInitializedButton(creation, types);
            }

            if (operation is IInvocationOperation { TargetMethod.IsStatic: true } call
                && MenuCodeTypes.Is(call.TargetMethod.ContainingType, types.Button)
                && Factories.TryGetValue(call.TargetMethod.Name, out string? type))
            {
                return ReadFactoryButton(call, type, types);
            }

            // A variable, a helper method, a conditional …: the button counts, its contents are unknown.
            Location location = element.Syntax.GetLocation();
            var unknown = new MenuButtonModel(location);
            unknown.Properties["name"] = new MenuValue(null, location, isConstant: false);
            unknown.Properties["type"] = new MenuValue(null, location, isConstant: false);
            return unknown;
        }

        private static MenuButtonModel ReadInitializedButton(IObjectCreationOperation creation, MenuCodeTypes types)
        {
            var button = new MenuButtonModel(creation.Syntax.GetLocation());
            foreach (IOperation initializer in Initializers(creation))
            {
                switch (initializer)
                {
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SubButton" } } assignment:
                        var subs = new List<MenuButtonModel>();
                        button.SubButtonsIncomplete = !ReadList(assignment.Value, types, subs, out bool isNull);
                        button.SubButtons = isNull ? null : subs;
                        button.SubButtonsLocation = isNull ? null : assignment.Value.Syntax.GetLocation();
                        break;
                    case IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation { Property.Name: "SubButton" }, Initializer: { } list }:
                        button.SubButtons = new List<MenuButtonModel>();
                        button.SubButtonsIncomplete = !ReadCollection(list, types, button.SubButtons);
                        button.SubButtonsLocation = list.Syntax.GetLocation();
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment when ButtonProperties.TryGetValue(target.Property.Name, out string? json):
                        button.Properties[json] = Value(assignment.Value);
                        break;
                }
            }

            return button;
        }

        private static MenuButtonModel ReadFactoryButton(IInvocationOperation call, string? type, MenuCodeTypes types)
        {
            Location location = call.Syntax.GetLocation();
            var button = new MenuButtonModel(location);
            if (type is not null)
            {
                button.Properties["type"] = new MenuValue(type, location);
            }

            foreach (IArgumentOperation argument in call.Arguments)
            {
                string? parameter = argument.Parameter?.Name;
                if (parameter is not null && FactoryParameters.TryGetValue(parameter, out string? json))
                {
                    button.Properties[json] = Value(argument.Value);
                }
                else if (parameter == "subButtons")
                {
                    button.SubButtons = new List<MenuButtonModel>();
                    button.SubButtonsLocation = location;
                    button.SubButtonsIncomplete = !ReadArray(argument.Value, types, button.SubButtons);
                }
            }

            return button;
        }

        private static bool ReadArray(IOperation value, MenuCodeTypes types, List<MenuButtonModel> into)
        {
            if (Unwrap(value) is not IArrayCreationOperation array)
            {
                return false; // an array built elsewhere
            }

            if (array.Initializer is null)
            {
                return array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 };
            }

            foreach (IOperation element in array.Initializer.ElementValues)
            {
                into.Add(ReadButton(element, types));
            }

            return true;
        }

        private static MenuMatchRuleModel ReadMatchRule(Location location, IEnumerable<IOperation> initializers)
        {
            var rule = new MenuMatchRuleModel(location);
            foreach (IOperation initializer in initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment
                    && MatchRuleProperties.TryGetValue(target.Property.Name, out string? json))
                {
                    rule.Fields[json] = Value(assignment.Value);
                }
            }

            return rule;
        }

        private static MenuValue Value(IOperation value)
        {
            Location location = value.Syntax.GetLocation();
            Optional<object?> constant = value.ConstantValue;
            return constant.HasValue
                ? new MenuValue(Convert.ToString(constant.Value, CultureInfo.InvariantCulture), location)
                : new MenuValue(null, location, isConstant: false);
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>What happens to the created request after its initializer, as far as the method shows.</summary>
        private static LaterUse FindLaterUse(IObjectCreationOperation creation)
        {
            IOperation? parent = creation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IArgumentOperation:
                case IReturnOperation:
                    return LaterUse.None;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    IOperation root = creation;
                    while (root.Parent is { } up)
                    {
                        root = up;
                    }

                    var touched = new HashSet<string>(StringComparer.Ordinal);
                    bool escapes = false;
                    foreach (IOperation operation in root.Descendants())
                    {
                        if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol))
                        {
                            continue;
                        }

                        if (reference.Parent is IPropertyReferenceOperation property)
                        {
                            touched.Add(property.Property.Name);
                        }
                        else if (!(reference.Parent is IArgumentOperation { Parent: IInvocationOperation call }
                            && call.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("WeChat.OfficialAccount", StringComparison.Ordinal) == true))
                        {
                            escapes = true; // handed to code that may fill it in
                        }
                    }

                    return new LaterUse(touched, escapes);
                default:
                    return LaterUse.Unknown; // a field, a property, a lambda's result …
            }
        }

        private sealed class LaterUse
        {
            public static readonly LaterUse None = new(new HashSet<string>(), escapes: false);
            public static readonly LaterUse Unknown = new(new HashSet<string>(), escapes: true);

            private readonly HashSet<string> _touched;
            private readonly bool _escapes;

            public LaterUse(HashSet<string> touched, bool escapes)
            {
                _touched = touched;
                _escapes = escapes;
            }

            /// <summary>Whether later code reads or changes the property (e.g. <c>request.Button.Add(…)</c>).</summary>
            public bool Touches(string property) => _touched.Contains(property);

            /// <summary>Whether a property the initializer left alone is surely sent with its default value.</summary>
            public bool KeepsDefault(string property) => !_escapes && !_touched.Contains(property);
        }
    }
}
