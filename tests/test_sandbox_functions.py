"""Every function of this DuckDB version is classified for the SQL box, so an upgrade that adds one
fails here until someone has decided whether analysts may call it (pyproject.toml pins the version).

Table functions are refused unless allowed (grassroots/sandbox/engine.TABLE_FUNCTIONS), so a new one is
shut out by default; it still fails here, to be looked at. Scalar, aggregate, window functions and
macros are allowed unless denied by name: a new one could open a hole, so the reviewed list below
must be updated by someone who has read what the new function does. System views are plain table
names to the check: each is either catalogue (allowed) or denied. Allowed things are run on a
locked connection to show that none of them tells where the files are.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb
import pytest

from queries import db
from grassroots.sandbox.sql import CACHE_DIR, locked_file
from grassroots.sandbox.engine import ENVIRONMENT, OTHER_DENIED, TABLE_FUNCTIONS, SandboxError, check, connect_locked

DENIED = ENVIRONMENT | OTHER_DENIED

# Why each refused table function (and table macro) stays refused.
REFUSED_TABLE_FUNCTIONS = {
    "reads files": """glob parquet_bloom_probe parquet_file_metadata parquet_full_metadata parquet_kv_metadata
        parquet_metadata parquet_page_index parquet_scan parquet_schema read_blob read_csv read_csv_auto read_duckdb
        read_json read_json_auto read_json_objects read_json_objects_auto read_ndjson read_ndjson_auto
        read_ndjson_objects read_parquet read_single_csv_file read_single_json_file read_single_parquet_file
        read_text sniff_csv""",
    "runs SQL built from text, out of the check's sight": "query query_table json_execute_serialized_sql",
    "tells about the machine, settings, secrets, logs or memory": """duckdb_settings duckdb_secrets which_secret
        duckdb_databases duckdb_extensions duckdb_temporary_files duckdb_logs duckdb_log_contexts
        duckdb_external_file_cache pragma_user_agent pragma_platform duckdb_logs_parsed duckdb_profiling_settings
        duckdb_secret_types duckdb_secret_type_parameters duckdb_extension_repositories duckdb_memory
        duckdb_eviction_queues duckdb_live_query_metrics duckdb_connection_count duckdb_approx_database_count
        duckdb_external_resources duckdb_external_resource_types duckdb_variables duckdb_prepared_statements
        pragma_database_size pragma_metadata_info pragma_storage_info pragma_version duckdb_available_metrics
        duckdb_optimizers duckdb_dialects duckdb_grammar_extensions""",
    "changes the database or the session": """checkpoint force_checkpoint enable_logging disable_logging
        enable_profiling disable_profiling truncate_duckdb_logs register_external_resource
        register_external_resource_type create_external_resource deregister_external_resource
        destroy_external_resource add_grammar_extension remove_grammar_extension""",
    "takes pointers or Python objects": "arrow_scan arrow_scan_dumb pandas_scan python_arrow_scan python_map_function seq_scan",
    # The system views and the table list on the page say the same; kept out to keep the list short.
    "catalogue": """duckdb_columns duckdb_constraints duckdb_dependencies duckdb_functions duckdb_indexes
        duckdb_keywords duckdb_schemas duckdb_sequences duckdb_tables duckdb_triggers duckdb_types duckdb_views
        duckdb_table_sample duckdb_coordinate_systems pragma_collations pragma_show pragma_table_info
        icu_calendar_names pg_timezone_names""",
    "generators and summaries analysts do not need (range and unnest do)": """repeat repeat_row summary
        test_all_types test_vector_types histogram histogram_values""",
}
REFUSED = {name: reason for reason, names in REFUSED_TABLE_FUNCTIONS.items() for name in names.split()}
CATALOGUE = set(REFUSED_TABLE_FUNCTIONS["catalogue"].split())

# System views that only describe the snapshot's own tables (the rest are in ENVIRONMENT).
CATALOGUE_VIEWS = """pg_am pg_attrdef pg_attribute pg_class pg_collation pg_constraint pg_database pg_depend
    pg_description pg_enum pg_index pg_indexes pg_namespace pg_prepared_statements pg_proc pg_sequence pg_sequences
    pg_tables pg_tablespace pg_type pg_views character_sets check_constraints columns constraint_column_usage
    constraint_table_usage key_column_usage referential_constraints schemata table_constraints tables views
    duckdb_columns duckdb_constraints duckdb_indexes duckdb_schemas duckdb_tables duckdb_types duckdb_views
    sqlite_master sqlite_schema sqlite_temp_master sqlite_temp_schema""".split()

# Scalar, aggregate and window functions and macros of DuckDB 2.0.1, reviewed for the SQL box: each is
# pure computation over its arguments, or describes the snapshot's own catalogue, or is denied by name
# (grassroots/sandbox/engine.ENVIRONMENT and OTHER_DENIED). Left out: operators (not identifiers), the
# per-language collations (collate_*, icu_collate_*) and DuckDB's internal compression helpers (__internal_*).
REVIEWED = """
    __between __cast abs acos acosh add age aggregate ago alias any_value apply approx_count_distinct
    approx_quantile approx_top_k arbitrary arg_max arg_max_null arg_max_nulls_last arg_min arg_min_null
    arg_min_nulls_last argmax argmin array_agg array_aggr array_aggregate array_append array_apply array_cat
    array_concat array_contains array_cosine_distance array_cosine_similarity array_cross_product array_distance
    array_distinct array_dot_product array_extract array_filter array_grade_up array_has array_has_all
    array_has_any array_indexof array_inner_product array_intersect array_length array_negative_dot_product
    array_negative_inner_product array_pop_back array_pop_front array_position array_prepend array_push_back
    array_push_front array_reduce array_resize array_reverse array_reverse_sort array_select array_slice
    array_sort array_to_json array_to_string array_to_string_comma_default array_transform array_unique
    array_value array_where array_zip ascii asin asinh assert_true atan atan2 atanh avg bar base64 bin binom
    bit_and bit_count bit_length bit_or bit_position bit_xor bitstring bitstring_agg bitstring_byte_comparable
    bool_and bool_or can_cast_implicitly cardinality cast_to_type cbrt ceil ceiling century char_length
    character_length chr col_description combine combine_aggr concat concat_ws constant_or_null contains corr
    cos cosh cot count count_if count_star countif covar_pop covar_samp create_sort_key cume_dist
    current_catalog current_connection_id current_database current_date current_localtime current_localtimestamp
    current_query current_query_id current_role current_schema current_schemas current_setting
    current_transaction_id current_user currval damerau_levenshtein date_add date_diff date_part date_sub
    date_trunc datediff datepart datesub datetrunc day dayname dayofmonth dayofweek dayofyear days_in_month
    decade decimal_average decimal_division decode degrees dense_rank divide editdist3 element_at encode
    ends_with entropy enum_code enum_first enum_last enum_range enum_range_boundary epoch epoch_ms epoch_ns
    epoch_us equi_width_bins era error even exp factorial favg fdiv fill filter finalize first first_value
    flatten floor fmod format formatReadableDecimalSize formatReadableSize format_bytes format_pg_type
    format_type from_base64 from_binary from_hex from_json from_json_strict fsum gamma gcd gen_random_uuid
    generate_series generate_subscripts geomean geometric_mean get_bit get_block_size get_current_time
    get_current_timestamp get_type getvariable grade_up greatest greatest_common_divisor group_concat hamming
    has_any_column_privilege has_column_privilege has_database_privilege has_foreign_data_wrapper_privilege
    has_function_privilege has_language_privilege has_schema_privilege has_sequence_privilege
    has_server_privilege has_table_privilege has_tablespace_privilege hash hex histogram histogram_exact
    hive_partition_component hour icu_sort_key if ilike_escape in_search_path index_key inet_client_addr
    inet_client_port inet_server_addr inet_server_port instr invoke is_histogram_other_bin isfinite isinf isnan
    isodow isoyear jaccard jaro_similarity jaro_winkler_similarity json json_array json_array_length
    json_contains json_copy_strftime_if_date json_copy_strftime_if_timestamp json_deep_merge
    json_deserialize_sql json_exists json_extract json_extract_path json_extract_path_text json_extract_string
    json_group_array json_group_object json_group_structure json_insert json_keys json_merge_patch
    json_merge_patch_diff json_normalize json_object json_pretty json_quote json_remove json_replace
    json_serialize_plan json_serialize_sql json_set json_strip_nulls json_structure json_transform
    json_transform_strict json_type json_valid json_value julian kahan_sum kurtosis kurtosis_pop lag last
    last_day last_value lcase lcm lead least least_common_multiple left left_grapheme len length length_grapheme
    levenshtein lgamma like_escape list list_aggr list_aggregate list_any_value list_append list_apply
    list_approx_count_distinct list_avg list_bit_and list_bit_or list_bit_xor list_bool_and list_bool_or
    list_cat list_concat list_contains list_cosine_distance list_cosine_similarity list_count list_distance
    list_distinct list_dot_product list_element list_entropy list_extract list_filter list_first list_grade_up
    list_has list_has_all list_has_any list_histogram list_indexof list_inner_product list_intersect
    list_kurtosis list_kurtosis_pop list_last list_mad list_max list_median list_min list_mode
    list_negative_dot_product list_negative_inner_product list_pack list_position list_prepend list_product
    list_reduce list_resize list_reverse list_reverse_sort list_select list_sem list_skewness list_slice
    list_sort list_stddev_pop list_stddev_samp list_string_agg list_sum list_transform list_unique list_value
    list_var_pop list_var_samp list_where list_zip listagg ln log log10 log2 lower lpad ltrim lttb mad make_date
    make_time make_timestamp make_timestamp_ms make_timestamp_ns make_timestamptz make_type map map_concat
    map_contains map_contains_entry map_contains_value map_entries map_extract map_extract_value
    map_from_entries map_keys map_to_pg_oid map_type_id_to_pg_oid map_values max max_by md5 md5_number
    md5_number_lower md5_number_upper mean median microsecond millennium millisecond min min_by minute
    mismatches mod mode month monthname multiply nanosecond nextafter nextval nfc_normalize normalized_interval
    not_ilike_escape not_like_escape now nth_value ntile nullif obj_description octet_length ord overlay
    parse_dirname parse_dirpath parse_duckdb_log_message parse_filename parse_formatted_bytes parse_path
    path_join percent_rank pg_collation_is_visible pg_conf_load_time pg_conversion_is_visible
    pg_function_is_visible pg_get_constraintdef pg_get_expr pg_get_viewdef pg_has_role pg_is_other_temp_schema
    pg_my_temp_schema pg_opclass_is_visible pg_operator_is_visible pg_opfamily_is_visible
    pg_postmaster_start_time pg_size_pretty pg_sleep pg_table_is_visible pg_ts_config_is_visible
    pg_ts_dict_is_visible pg_ts_parser_is_visible pg_ts_template_is_visible pg_type_is_visible pg_typeof pi
    position pow power prefix printf product quantile quantile_cont quantile_disc quarter radians random range
    rank rank_dense reduce regexp_escape regexp_extract regexp_extract_all regexp_full_match regexp_matches
    regexp_replace regexp_split_to_array regexp_split_to_table regr_avgx regr_avgy regr_count regr_intercept
    regr_r2 regr_slope regr_sxx regr_sxy regr_syy remap_struct repeat replace replace_type reservoir_quantile
    reverse right right_grapheme round round_even roundbankers row row_number row_to_json rpad rtrim second sem
    session_user set_bit setseed setval sha1 sha256 shobj_description sign signbit sin sinh skewness sleep_ms
    split split_part sqrt st_asbinary st_asgeojson st_astext st_aswkb st_aswkt st_crs st_geomfromgeojson
    st_geomfromwkb st_intersects_extent st_setcrs starts_with stats stddev stddev_pop stddev_samp str_split
    str_split_regex strftime string_agg string_split string_split_regex string_to_array strip_accents strlen
    strpos strptime struct_concat struct_contains struct_extract struct_extract_at struct_has struct_indexof
    struct_insert struct_keys struct_pack struct_position struct_update struct_values substr substring
    substring_grapheme subtract suffix sum sum_no_overflow sumkahan switch tan tanh time_bucket
    timetz_byte_comparable timezone timezone_hour timezone_minute to_aggregate_state to_base to_base64 to_binary
    to_centuries to_days to_decades to_hex to_hours to_json to_microseconds to_millennia to_milliseconds
    to_minutes to_months to_quarters to_seconds to_timestamp to_weeks to_years today transaction_timestamp
    translate trim trunc try_strptime txid_current typeof ucase unbin unhex unicode union_extract union_tag
    union_value unpivot_list upper url_decode url_encode user uuid uuid_extract_timestamp uuid_extract_version
    uuidv4 uuidv7 var_pop var_samp variance variant_array_length variant_bytes_to_variant variant_comparator
    variant_contains variant_exists variant_extract variant_extract_string variant_group_array
    variant_group_object variant_keys variant_normalize variant_to_parquet_variant variant_type variant_typeof
    vector_type version vertex_extract wavg week weekday weekofyear weighted_avg write_log xor year yearweek
""".split()
UNLISTED = ("collate_", "icu_collate_", "__internal_")


@pytest.fixture(scope="module")
def con():
    return duckdb.connect()


@pytest.fixture(scope="module")
def locked(demo_base):
    snapshot = db.snapshot_list(demo_base)[-1]
    connection = connect_locked(str(locked_file(snapshot)))
    yield connection
    connection.close()


def functions(con, *kinds: str) -> set[str]:
    return {r[0] for r in con.sql("select distinct function_name from duckdb_functions() "
                                  "where list_contains($kinds, function_type)", params={"kinds": list(kinds)}).fetchall()}


def leaks(rows) -> list:
    """Cells that name a folder of this machine: the cache, the temp folder or a home folder."""
    places = [str(CACHE_DIR), tempfile.gettempdir() + "/", str(Path.home())]
    return [cell for row in rows for cell in row if any(p in str(cell) for p in places)]


def test_the_duckdb_version_is_the_one_these_lists_were_checked_against():
    assert duckdb.__version__.startswith("2.0."), "re-check every list in this file, then widen the pin"


def test_every_table_function_is_allowed_or_refused_for_a_reason(con):
    found = functions(con, "table", "table_macro")
    assert sorted(found - TABLE_FUNCTIONS - set(REFUSED)) == [], "new table functions: classify them"
    assert sorted((TABLE_FUNCTIONS | set(REFUSED)) - found) == [], "gone from DuckDB: drop them from the lists"
    assert not TABLE_FUNCTIONS & set(REFUSED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_refused_table_function_is_refused_by_the_check(name, con):
    with pytest.raises(SandboxError) as err:
        check(con.cursor(), f"select * from {name}()")
    assert err.value.rule in {"file_access", "environment", "function"}


def test_every_scalar_aggregate_window_function_and_macro_was_reviewed(con):
    found = {n for n in functions(con, "scalar", "aggregate", "window", "macro")
             if not n.startswith(UNLISTED) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n)}
    assert sorted(found - set(REVIEWED)) == [], "new functions: read what they do, deny or add to REVIEWED"
    assert sorted(set(REVIEWED) - found) == [], "gone from DuckDB: drop them from REVIEWED"


@pytest.mark.parametrize("name", sorted(DENIED))
def test_each_denied_name_is_refused_by_the_check(name, con):
    with pytest.raises(SandboxError) as err:
        check(con.cursor(), f"select {name}(1)")
    assert err.value.rule in {"environment", "function"}
    with pytest.raises(SandboxError):
        check(con.cursor(), f"select * from {name}")  # as a system view


def test_no_macro_reaches_past_the_lists_through_its_body(con):
    """The check sees a macro's name, not its body: a body may only use what the box allows."""
    denied = re.compile(r"\b(" + "|".join(sorted(DENIED | set(REFUSED) - CATALOGUE)) + r")\(")
    macros = con.sql("select function_name, macro_definition from duckdb_functions() "
                     "where function_type = 'macro' and macro_definition is not null").fetchall()
    assert [(name, body) for name, body in macros if name not in DENIED and denied.search(body.lower())] == []


def test_every_system_view_is_catalogue_or_denied(locked):
    views = {r[0] for r in locked.sql("select view_name from duckdb_views() where internal").fetchall()}
    assert sorted(views - set(CATALOGUE_VIEWS) - ENVIRONMENT) == [], "new system views: classify them"
    assert not set(CATALOGUE_VIEWS) & DENIED


def test_no_allowed_view_or_argument_free_function_tells_where_the_files_are(locked):
    assert leaks(locked.sql("select * from duckdb_databases()").fetchall())  # what the check is there for
    schemas = dict(locked.sql("select view_name, schema_name from duckdb_views() where internal").fetchall())
    for view in CATALOGUE_VIEWS:
        assert leaks(locked.cursor().sql(f'select * from system."{schemas[view]}"."{view}"').fetchall()) == [], view
    callable_bare = {r[0] for r in locked.sql(
        "select function_name from duckdb_functions() where function_type in ('scalar', 'macro') "
        "and len(parameters) = 0 and function_name similar to '[a-z_][a-z0-9_]*'").fetchall()}
    for name in sorted(callable_bare - DENIED):
        try:
            rows = locked.cursor().sql(f"select {name}()").fetchall()
        except duckdb.Error:
            continue  # needs a context it does not get here
        assert leaks(rows) == [], name
