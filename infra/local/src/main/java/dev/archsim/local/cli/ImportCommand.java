package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.importer.CfnTemplate;
import dev.archsim.local.importer.ImportReport;
import dev.archsim.local.importer.Profiles;
import dev.archsim.local.importer.StackImporter;
import dev.archsim.local.importer.StackResource;
import dev.archsim.local.importer.TerraformPlan;
import dev.archsim.local.text.Columns;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Turns a CloudFormation/SAM/CDK template or a Terraform plan into a scenario.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim import cloudformation template.yaml --param Env=prod -o stack.json",
      "  archsim import terraform plan.json --faults game-day -o stack.json",
      "  archsim run stack.json"
    },
    subcommands = {ImportCommand.CloudFormation.class, ImportCommand.Terraform.class})
final class ImportCommand implements Runnable {
  /** Largest stack file read (CloudFormation's own template limit is 1 MB). */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing format: cloudformation or terraform");
  }

  /** Options both formats share. */
  static final class Common {
    @Option(
        names = "--workload",
        paramLabel = "PROFILE",
        defaultValue = Profiles.DEFAULT_WORKLOAD,
        description = "workload profile: steady, daily or busy (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(
        names = "--faults",
        paramLabel = "PROFILE",
        defaultValue = Profiles.DEFAULT_FAULTS,
        description =
            "fault profile: none, typical, az-outage or game-day (default: ${DEFAULT-VALUE})")
    String faults;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "scenario file to write (JSON); default: print it")
    Path output;

    @Option(names = "--force", description = "overwrite an existing output file")
    boolean force;
  }

  @Command(
      name = "cloudformation",
      mixinStandardHelpOptions = true,
      aliases = {"cfn", "sam", "cdk"},
      description =
          "Imports a CloudFormation template (YAML or JSON, short-form tags, SAM, CDK synth output).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  archsim import cloudformation template.yaml --param Env=prod -o stack.json",
        "  cdk synth > app.json && archsim import cdk app.json --faults az-outage -o stack.json"
      })
  static final class CloudFormation implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "template (.yaml, .yml, .json)")
    Path file;

    @Option(names = "--param", paramLabel = "K=V", description = "a parameter value (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
        names = "--region",
        paramLabel = "REGION",
        defaultValue = "us-east-1",
        description = "AWS::Region (default: ${DEFAULT-VALUE})")
    String region;

    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      return execute(
          spec,
          file,
          common,
          (text, report) -> CfnTemplate.resolve(text, params, region, report),
          region);
    }
  }

  @Command(
      name = "terraform",
      mixinStandardHelpOptions = true,
      aliases = {"tf"},
      description = "Imports a Terraform plan or state as JSON (terraform show -json PLANFILE).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  terraform plan -out plan.out && terraform show -json plan.out > plan.json",
        "  archsim import terraform plan.json --workload busy -o stack.json"
      })
  static final class Terraform implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "PLAN.json",
        description = "output of terraform show -json")
    Path file;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description =
            "region to simulate the stack in (default: the AWS provider's, else us-east-1); Availability Zones keep their letter")
    String region;

    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String[] found = {region};
      return execute(
          spec,
          file,
          common,
          (text, report) -> {
            TerraformPlan.Read read = TerraformPlan.read(text, region, report);
            found[0] = read.region();
            return read.resources();
          },
          null,
          found);
    }
  }

  interface Reader {
    List<StackResource> read(String text, ImportReport report);
  }

  static int execute(
      CommandLine.Model.CommandSpec spec,
      Path file,
      Common common,
      Reader reader,
      String region,
      String... found)
      throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Profiles.WORKLOADS.contains(common.workload)) {
      err.println("--workload: no profile '" + common.workload + "'; known: " + Profiles.WORKLOADS);
      err.flush();
      return ArchsimCommand.EXIT_INVALID;
    }
    if (!Profiles.FAULTS.contains(common.faults)) {
      err.println("--faults: no profile '" + common.faults + "'; known: " + Profiles.FAULTS);
      err.flush();
      return ArchsimCommand.EXIT_INVALID;
    }
    if (common.output != null && Files.exists(common.output) && !common.force) {
      err.println(common.output + " exists; use --force to overwrite");
      err.flush();
      return ArchsimCommand.EXIT_INVALID;
    }
    if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
      err.println(file + ": larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB; not a template");
      err.flush();
      return ArchsimCommand.EXIT_INVALID;
    }
    String text = ScenarioFiles.readText(file, System.in, err);
    if (text == null) {
      return ArchsimCommand.EXIT_INVALID;
    }
    ImportReport report = new ImportReport();
    List<StackResource> resources = reader.read(text, report);
    String r =
        region != null ? region : found.length > 0 && found[0] != null ? found[0] : "us-east-1";
    StackImporter.Result result =
        StackImporter.toScenario(
            resources, file.getFileName().toString(), r, common.workload, common.faults, report);
    PrintWriter reportOut = common.output != null ? out : err;
    reportOut.print(report.render(file.toString()));
    reportOut.flush();
    if (!result.ok()) {
      err.print(
          Columns.wrapText(
              file + ": ",
              "  ",
              "nothing written ("
                  + report.problems().stream().filter(Violation::isError).count()
                  + " error(s))",
              Columns.WIDTH));
      err.flush();
      return ArchsimCommand.EXIT_INVALID;
    }
    String json =
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result.scenario())
            + "\n";
    if (common.output != null) {
      Files.writeString(common.output, json);
      // the command to try stays whole on its line, to be copied
      out.print(
          Columns.wrap(
              "",
              "  ",
              List.of("wrote " + common.output + ";", "try: archsim run " + common.output),
              Columns.WIDTH,
              " "));
    } else {
      out.print(json);
    }
    out.flush();
    return ArchsimCommand.EXIT_OK;
  }
}
