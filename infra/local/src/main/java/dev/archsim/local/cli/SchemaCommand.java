package dev.archsim.local.cli;

import dev.archsim.core.scenario.ScenarioCodec;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "schema", description = "Prints the JSON Schema of scenario documents.")
final class SchemaCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(ScenarioCodec.schemaText());
    spec.commandLine().getOut().flush();
    return ArchsimCommand.EXIT_OK;
  }
}
