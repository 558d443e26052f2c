/** Static findings that need no simulation: single points of failure, quotas, security posture. */
package dev.archsim.engine.findings;
