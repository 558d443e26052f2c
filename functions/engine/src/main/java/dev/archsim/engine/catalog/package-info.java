/**
 * Instance types, regions and the versioned price book; every price carries its source and date.
 */
package dev.archsim.engine.catalog;
