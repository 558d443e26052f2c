/**
 * Adapters of the run ports on AWS SDK v2: DynamoDB, SQS, SNS, EventBridge; and client
 * construction.
 */
package dev.archsim.aws;
