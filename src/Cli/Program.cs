using SimilarityEngine.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
