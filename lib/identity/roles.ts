/**
 * An Azure built-in role. Built-in role ids are the same in every cloud and tenant
 * (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export interface RoleDefinition {
  /** The role definition's GUID. */
  readonly id: string;
  /** The role's display name, as the portal shows it. */
  readonly name: string;
  /** What the role lets a principal do, in words (used in plans and descriptions). */
  readonly grants: string;
}

/**
 * The built-in roles the library grants. Each component picks the narrowest one that does
 * its job: data roles (`Storage Blob Data Reader`) instead of `Contributor`, and data-plane
 * Search roles instead of admin keys.
 */
export const ROLES = {
  /** Read and list blobs (data plane). */
  storageBlobDataReader: {
    id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    name: "Storage Blob Data Reader",
    grants: "read and list blobs",
  },
  /** Read, write and delete blobs (data plane). */
  storageBlobDataContributor: {
    id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    name: "Storage Blob Data Contributor",
    grants: "read, write and delete blobs",
  },
  /** Manage data factories and their children (control plane; no data access). */
  dataFactoryContributor: {
    id: "673868aa-7521-48a0-acc6-0f60742d39f5",
    name: "Data Factory Contributor",
    grants: "manage data factories, pipelines and triggers",
  },
  /** Read documents in Search indexes (data plane). */
  searchIndexDataReader: {
    id: "1407120a-92aa-4202-b7e9-c0e197c71c8f",
    name: "Search Index Data Reader",
    grants: "query Search indexes",
  },
  /** Read and write documents in Search indexes (data plane). */
  searchIndexDataContributor: {
    id: "8ebe5a00-799e-43f5-93ac-243d3dce84a7",
    name: "Search Index Data Contributor",
    grants: "load and query documents in Search indexes",
  },
  /** Manage indexes, indexers, data sources and skillsets, but not query the data. */
  searchServiceContributor: {
    id: "7ca78c08-252a-4471-8644-bb5ff32d4ba0",
    name: "Search Service Contributor",
    grants: "manage Search indexes, indexers and data sources",
  },
  /** Read monitoring data and settings. */
  monitoringReader: {
    id: "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
    name: "Monitoring Reader",
    grants: "read metrics, logs and alert settings",
  },
  /** Read and change monitoring settings (alerts, diagnostic settings, action groups). */
  monitoringContributor: {
    id: "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
    name: "Monitoring Contributor",
    grants: "manage alerts, action groups and diagnostic settings",
  },
  /**
   * Publish custom metrics for a resource (Learn, "Ingest custom metrics for an Azure resource
   * using the REST API": the identity needs Monitoring Metrics Publisher on the resource). Id as
   * assigned by public Bicep (`roleDefinitions/3913510d-42f4-4b42-8a1d-c0b25e3be3c6`).
   */
  monitoringMetricsPublisher: {
    id: "3913510d-42f4-4b42-8a1d-c0b25e3be3c6",
    name: "Monitoring Metrics Publisher",
    grants: "publish custom metrics for the resource",
  },
  /** Query Log Analytics workspaces. */
  logAnalyticsReader: {
    id: "73c42c96-874c-492b-b04d-ab87d138a893",
    name: "Log Analytics Reader",
    grants: "query Log Analytics workspaces",
  },
  /**
   * Send email through Azure Communication Services with an Entra identity. ACS has no narrower
   * built-in send role; grant it on the one Communication Services resource. Id as assigned for
   * ACS email send in public Bicep templates (Azure built-in role "Communication and Email
   * Service Owner").
   */
  communicationAndEmailServiceOwner: {
    id: "09976791-48a7-449e-bb21-39d1a415f350",
    name: "Communication and Email Service Owner",
    grants: "send email through a Communication Services resource",
  },
  /** Run and manage Azure ML jobs and models, but not the workspace or its compute. */
  azureMLDataScientist: {
    id: "f6c7c914-8db3-469d-8ca1-694a8f32e121",
    name: "AzureML Data Scientist",
    grants: "submit Azure ML jobs and manage models",
  },
} as const satisfies Record<string, RoleDefinition>;

/** The name of a well-known role in {@link ROLES}. */
export type RoleName = keyof typeof ROLES;
