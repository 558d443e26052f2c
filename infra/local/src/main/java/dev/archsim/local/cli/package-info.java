/** The archsim command line (picocli). */
package dev.archsim.local.cli;
