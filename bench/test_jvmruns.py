"""What bench/startup.py and bench/phases.py read from the JVM, on lines a JDK 25 wrote.

Run: python3 -m unittest discover -s bench -p 'test_*.py'
"""
import os
import tempfile
import unittest

from jvmruns import class_loads, compilations, jvm, parser

LOG = """\
[0.052s][info][class,load] java.lang.Object source: shared objects file
[0.075s][info][class,init] 0 Initializing 'java/lang/Object'(no method) (0x0000000014172020) by thread "Unknown thread"
[0.274s][info][class,load] java.lang.ProcessEnvironment source: jrt:/java.base
[0.252s][info][class,load] dev.archsim.local.cli.ArchsimCommand source: file:/tmp/archsim.jar
[0.279s][info][class,init] Start class verification for: dev.archsim.local.cli.ArchsimCommand
[0.354s][info][class,load] java.lang.invoke.LambdaForm$MH/0x0000000015042000 source: __JVM_LookupDefineClass__
[0.398s][info][class,load] dev.archsim.engine.catalog.Catalog$$Lambda/0x0000000015043430 source: dev.archsim.engine.catalog.Catalog
"""

COMPILATION = """\
     91    3     n 0       jdk.internal.misc.Unsafe::getReferenceVolatile (native)
     99    1       3       java.lang.Object::<init> (1 bytes)
    108    2       3       java.lang.Byte::toUnsignedInt (6 bytes)   made not entrant: not used
    108   14       4       java.lang.Byte::toUnsignedInt (6 bytes)
    177   44 %     4       jdk.internal.util.ArraysSupport::unsignedHashCode @ 8 (36 bytes)
   3732 1470       3       dev.archsim.engine.catalog.KeyedTable::readInt (47 bytes)
1  1-multi-az                   99.9830% ± 0.0018%              82,176     45.7    128.6      623.43  missed
"""


class JvmRunsTest(unittest.TestCase):
    def test_each_class_load_is_classified_by_its_source_and_the_other_lines_are_skipped(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "jvm.log")
            with open(path, "w") as f:
                f.write(LOG)
            loads = list(class_loads(path))
        self.assertEqual([(name, kind) for name, kind, _ in loads], [
            ("java.lang.Object", "archive"),
            ("java.lang.ProcessEnvironment", "jdk"),
            ("dev.archsim.local.cli.ArchsimCommand", "jar"),
            ("java.lang.invoke.LambdaForm$MH/0x0000000015042000", "hidden"),
            ("dev.archsim.engine.catalog.Catalog$$Lambda/0x0000000015043430", "hidden")])
        self.assertEqual(loads[-1][2], "dev.archsim.engine.catalog.Catalog")

    def test_compilations_leave_out_native_wrappers_methods_made_not_entrant_and_other_output(self):
        self.assertEqual(list(compilations(COMPILATION)), [
            (3, "java.lang.Object"), (4, "java.lang.Byte"), (4, "jdk.internal.util.ArraysSupport"),
            (3, "dev.archsim.engine.catalog.KeyedTable")])

    def test_a_jar_carries_its_jvm_options_after_the_equals_sign(self):
        self.assertEqual(jvm("java", "head.jar=-XX:AOTCache=head.aot,-Xshare:auto"),
                         ("head.jar", ["java", "-XX:AOTCache=head.aot", "-Xshare:auto"]))
        self.assertEqual(jvm("/jdk/bin/java", "r1.jar"), ("r1.jar", ["/jdk/bin/java"]))

    def test_a_per_cent_sign_in_the_usage_text_is_printed_as_written(self):
        self.assertIn("moves by 10 % or more", parser("moves by 10 % or more", 5).format_usage())


if __name__ == "__main__":
    unittest.main()
