/* scalyr-agent-config-unimplemented.c: the fields this agent accepts but
 * does not implement, and the reference's fields it does not know
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-config-unimplemented-private.h"
#include "scalyr-i18n-private.h"

/* declared in the schema (so they are type-checked and fragments may merge
 * them) but nothing in this agent reads them */
static const char * const accepted_not_implemented[] = {
  "allow_http_monitors", "journald_logs", "k8s_logs", "workers", "read_page_size",
  "internal_parse_max_line_size", "min_allowed_request_size", "pipeline_threshold",
  "user_agent_refresh_interval", "agent_status_timeout", "pidfile_advanced_reuse_guard", "stdout_severity",
  "overall_stats_log_interval", "bandwidth_stats_log_interval", "copying_manager_stats_log_interval",
  "calculate_rate_metric_names", "json_library", NULL
};

/* fields of the reference agent's configuration.py that this agent does
 * not declare (Kubernetes, profiling, leak checks, copying-manager tuning) */
static const char * const reference_only[] = {
  "check_remote_if_no_tty", "close_old_files_duration_in_seconds", "copy_staleness_threshold",
  "copying_thread_profile_interval", "copying_thread_profile_output_path", "debug_init",
  "debug_level_logger_names", "default_sessions_per_worker",
  "default_worker_session_status_message_interval", "disable_copy_manager_stats",
  "disable_leak_all_config_updates", "disable_leak_bandwidth_stats", "disable_leak_config_equivalence_check",
  "disable_leak_config_reload", "disable_leak_copying_thread", "disable_leak_monitor_threads",
  "disable_leak_monitors_creation", "disable_leak_new_file_matches", "disable_leak_overall_stats",
  "disable_leak_processing_new_bytes", "disable_leak_scan_for_new_bytes",
  "disable_leak_update_debug_log_level", "disable_leak_verify_can_write_to_logs",
  "disable_leak_verify_config", "disable_leak_verify_config_cache_config",
  "disable_leak_verify_config_create_copying_manager", "disable_leak_verify_config_create_monitors_manager",
  "disable_logfile_addevents_format", "disable_send_requests", "enable_copy_truncate_log_rotation_support",
  "enable_cpu_profiling", "enable_gc_stats", "enable_memory_profiling", "enable_profiling",
  "enable_worker_process_metrics_gather", "enforce_monotonic_timestamps",
  "failure_request_spacing_adjustment", "full_checkpoint_interval_in_seconds", "garbage_collect_interval",
  "healthy_max_time_since_last_copy_attempt", "high_water_bytes_sent",
  "high_water_request_spacing_adjustment", "ignore_checkpoints_on_startup_path_globs",
  "include_raw_timestamp_field", "instrumentation_stats_log_interval", "k8s_api_url",
  "k8s_cache_expiry_fuzz_secs", "k8s_cache_expiry_secs", "k8s_cache_purge_secs",
  "k8s_cache_query_timeout_secs", "k8s_cache_start_fuzz_secs", "k8s_controlled_warmer_blacklist_time",
  "k8s_controlled_warmer_max_attempts", "k8s_controlled_warmer_max_query_retries",
  "k8s_docker_client_max_pool_size", "k8s_docker_client_timeout", "k8s_events_disable",
  "k8s_explorer_enable", "k8s_fallback_urls_disable", "k8s_ignore_namespaces", "k8s_include_namespaces",
  "k8s_kubelet_ca_cert", "k8s_log_api_exclude_200s", "k8s_log_api_min_latency",
  "k8s_log_api_min_response_len", "k8s_log_api_ratelimit_interval", "k8s_log_api_responses",
  "k8s_ratelimit_backoff_factor", "k8s_ratelimit_cluster_num_agents", "k8s_ratelimit_cluster_rps_init",
  "k8s_ratelimit_cluster_rps_max", "k8s_ratelimit_cluster_rps_min",
  "k8s_ratelimit_consecutive_increase_threshold", "k8s_ratelimit_increase_factor",
  "k8s_ratelimit_max_concurrency", "k8s_ratelimit_strategy", "k8s_service_account_cert",
  "k8s_service_account_namespace", "k8s_service_account_token", "k8s_token_re_read_interval",
  "k8s_verify_api_queries", "k8s_verify_kubelet_queries", "log_deletion_delay", "low_water_bytes_sent",
  "low_water_request_spacing_adjustment", "max_allowed_checkpoint_age", "max_error_request_spacing_interval",
  "max_new_log_detection_time", "max_profile_interval_minutes", "max_sequence_number",
  "memory_profile_log_name", "memory_profiler", "memory_profiler_frames_count",
  "memory_profiler_ignore_path_globs", "memory_profiler_include_traceback", "memory_profiler_max_items",
  "merge_json_parsed_lines", "metric_functions_cleanup_interval", "minimum_scan_interval",
  "new_ca_cert_path", "new_ingestion_bootstrap_address", "new_ingestion_use_tls", "profile_clock",
  "profile_duration_minutes", "profile_log_name", "request_too_large_adjustment", "use_multiprocess_workers",
  "use_new_ingestion", "use_requests_lib", "use_tlslite", "use_unsafe_debugging", "win32_max_open_fds", NULL
};

const char *
scalyr_agent_config_unimplemented (const char *name)
{
  if (g_strv_contains (accepted_not_implemented, name))
    return N_("%s: field \"%s\" is accepted for compatibility with the reference agent, but this agent does not "
              "implement it: it has no effect");
  if (g_strv_contains (reference_only, name))
    return N_("%s: field \"%s\" is a field of the reference agent that this agent does not implement: it is "
              "ignored");
  return NULL;
}
