/** The DynamoDB stream Lambda publishing run completions to SNS and EventBridge. */
package dev.archsim.notifier;
