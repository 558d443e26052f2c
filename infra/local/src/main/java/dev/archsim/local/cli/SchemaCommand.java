package dev.archsim.local.cli;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.scenario.ScenarioCodec;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "schema",
    description = "Prints the JSON Schema of scenario documents, or of run results.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim schema > scenario.schema.json     # for your editor's completion and checks",
      "  archsim schema --result > result.schema.json"
    })
final class SchemaCommand implements Callable<Integer> {
  @Option(
      names = "--result",
      description = "the schema of the result JSON (run --format json) instead")
  boolean result;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getOut()
        .print(result ? ResultCodec.resultSchemaText() : ScenarioCodec.schemaText());
    spec.commandLine().getOut().flush();
    return ArchsimCommand.EXIT_OK;
  }
}
