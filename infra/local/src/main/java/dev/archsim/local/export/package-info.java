/**
 * {@code archsim export fis}: the faults of a scenario stage as AWS Fault Injection Service
 * experiment templates (a CloudFormation template), with the IAM role FIS needs and stop conditions
 * built from the stage's objectives.
 */
package dev.archsim.local.export;
