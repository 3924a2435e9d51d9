namespace WeChat.OfficialAccount.Generator
{
    /// <summary>Tracking names of the generator's pipeline steps, for incrementality tests.</summary>
    public static class StepNames
    {
        /// <summary>Each spec file parsed on its own: re-runs only for the file that changed.</summary>
        public const string ParseSpecFile = nameof(ParseSpecFile);

        /// <summary>All parsed files linked once (references, duplicates, dispatch keys).</summary>
        public const string LinkSpecs = nameof(LinkSpecs);

        /// <summary>One model per generated class, fanned out from the link step.</summary>
        public const string TypeModels = nameof(TypeModels);

        /// <summary>One model per generated enum.</summary>
        public const string EnumModels = nameof(EnumModels);

        /// <summary>One model per REST client group (endpoints file).</summary>
        public const string ApiGroups = nameof(ApiGroups);

        /// <summary>The payload factory's dispatch table.</summary>
        public const string FactoryModel = nameof(FactoryModel);

        /// <summary>Each *.menu.json file read on its own into its button keys.</summary>
        public const string ReadMenuFile = nameof(ReadMenuFile);

        /// <summary>All menu files grouped by class once, every distinct key given its constant name.</summary>
        public const string LinkMenuKeys = nameof(LinkMenuKeys);

        /// <summary>One model per generated Menus.{File} class, fanned out after the keys are named.</summary>
        public const string MenuKeyClasses = nameof(MenuKeyClasses);
    }
}
