/**
 * {@code archsim import}: reads a CloudFormation/SAM/CDK template or a Terraform plan, resolves it
 * into a list of {@link dev.archsim.local.importer.StackResource}s in CloudFormation terms, and
 * maps them onto one stage of a scenario ({@link dev.archsim.local.importer.StackMapper}), with a
 * report of every resource: mapped, ignored or unsupported.
 */
package dev.archsim.local.importer;
