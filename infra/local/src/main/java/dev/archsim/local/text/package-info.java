/**
 * Plain-text layout shared by every command's human output: lines wrapped to the 120 columns the
 * command line keeps to, whatever produced them (the CLI's tables, the import report).
 */
package dev.archsim.local.text;
