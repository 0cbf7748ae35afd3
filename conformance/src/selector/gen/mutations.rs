//! The mutations family: realistic queries with a few bytes changed.

use super::tables::one;
use crate::rng::Rng;

/// Queries as Grafana, the Perses plugin and profilecli send them: the seeds of mutations.
pub const REALISTIC: &[&str] = &[
    r#"{service_name="api"}"#,
    r#"{service_name="checkout", environment="production"}"#,
    r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#,
    r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="ride-sharing-app", vehicle="car", region=~"eu-.*"}"#,
    r#"memory:inuse_space:bytes:space:bytes{service_name="frontend",namespace="shop",pod=~"frontend-7d9f.*"}"#,
    r#"{service_name="pyroscope-rideshare-go",__profile_type__="memory:alloc_objects:count:space:bytes"}"#,
    r#"{service_name=~"api|worker|scheduler", cluster!="dev", "service.version"="v1.4.2"}"#,
    r#"{"service.name"="checkout", "k8s.namespace.name"="prod", "host.name"!~"canary-.*"}"#,
    r#"{}"#,
    r#"goroutines:goroutine:count:goroutine:count{service_name="api",env="staging",team="core",pod!=""}"#,
    r#"wall:wall:nanoseconds:wall:nanoseconds{service_name="billing", span_name=~"POST /v1/charges.*", thread_name!~"GC .*"}"#,
    r#"{service_name="api", path=~"/users/[0-9]+\\.json", method="GET", status!~"5.."}"#,
    r#"{service_name="ingest", message="say \"hi\"\n", tenant='acme'}"#,
    r#"{"サービス"="決済", "région"="europe-ouest"}"#,
    "{service_name=\"api\", # the service\n env=`prod`,}",
    r#"cpu{pod=~"(?i)checkout-[a-z0-9]{5}", node!~"10\\.0\\..*:4040"}"#,
];

/// Bytes that mutations like to put in.
const INTERESTING: &[u8] = &[
    b'{', b'}', b'"', b'\'', b'`', b'\\', b',', b'=', b'!', b'~', b'#', b'\n', b'\r', b' ', b'.',
    b':', b'(', b'[', b'0', b'x', b'u', 0, 0x7f, 0x80, 0xbf, 0xc3, 0xe2, 0xef, 0xf0, 0xff,
];

/// A realistic query with a few bytes changed.
pub fn mutation(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = rng.pick(REALISTIC).as_bytes().to_vec();
    for _ in 0..rng.range(1, 3) {
        let at = rng.below(bytes.len() + 1);
        let byte = if rng.percent(70) {
            one(rng, INTERESTING)
        } else {
            rng.below(256) as u8
        };
        match rng.below(5) {
            0 | 1 => bytes.insert(at, byte),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 if at < bytes.len() => bytes[at] = byte,
            _ => {
                let end = rng.range(at, bytes.len());
                let piece = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, piece);
            }
        }
    }
    bytes
}
