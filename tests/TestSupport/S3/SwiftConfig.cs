using Labelit.Plugins;
namespace Labelit.TestSupport.S3;

/// <summary>Configuration files of a one-node Swift cluster running as root in a temporary folder.</summary>
internal static class SwiftConfig
{
    public static string StorageServer(string kind, int port, string folder) => $"""
        [DEFAULT]
        bind_ip = 127.0.0.1
        bind_port = {port}
        devices = {folder}/srv
        mount_check = false
        user = root
        swift_dir = {folder}
        workers = {(kind == "account" ? 0 : 2)}
        log_level = WARNING

        [pipeline:main]
        pipeline = {kind}-server

        [app:{kind}-server]
        use = egg:swift#{kind}
        """;

    // s3api must sit before tempauth, which checks the S3 signatures against user_test_tester.
    public static string Proxy(int port, int memcachedPort, string folder) => $"""
        [DEFAULT]
        bind_ip = 127.0.0.1
        bind_port = {port}
        user = root
        swift_dir = {folder}
        workers = 2
        log_level = WARNING

        [pipeline:main]
        pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo proxy-logging proxy-server

        [app:proxy-server]
        use = egg:swift#proxy
        account_autocreate = true

        [filter:tempauth]
        use = egg:swift#tempauth
        user_test_tester = testing .admin
        user_test_reader = reading

        [filter:s3api]
        use = egg:swift#s3api

        [filter:cache]
        use = egg:swift#memcache
        memcache_servers = 127.0.0.1:{memcachedPort}

        [filter:catch_errors]
        use = egg:swift#catch_errors

        [filter:gatekeeper]
        use = egg:swift#gatekeeper

        [filter:healthcheck]
        use = egg:swift#healthcheck

        [filter:proxy-logging]
        use = egg:swift#proxy_logging

        [filter:listing_formats]
        use = egg:swift#listing_formats

        [filter:bulk]
        use = egg:swift#bulk

        [filter:copy]
        use = egg:swift#copy

        [filter:slo]
        use = egg:swift#slo

        [filter:dlo]
        use = egg:swift#dlo
        """;
}
