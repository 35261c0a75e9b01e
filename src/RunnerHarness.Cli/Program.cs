using RunnerHarness.Cli;

return CliApplication.Run(args, CliContext.FromProcess());
