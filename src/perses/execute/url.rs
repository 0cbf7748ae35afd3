//! Where the plugin calls Pyroscope: a datasource's `directUrl`, or the Perses proxy path its
//! [`Scope`] decides.

use crate::perses::js::encode_uri_component;
use crate::perses::model::PyroscopeDatasourceSpec;

/// Where a datasource is defined, which decides its Perses proxy path (see [`base_url`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A `GlobalDatasource`.
    Global,
    /// A `Datasource` of a project; `None` when the file leaves the project to
    /// `percli apply --project`.
    Project(Option<String>),
    /// A datasource in the `spec.datasources` of a dashboard (or an ephemeral one): its project,
    /// when the file says it, and its name.
    Dashboard(Option<String>, String),
}

/// Why no URL can be given for a datasource; returned by [`base_url`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// A proxied datasource whose name or project is not known.
    #[error("the datasource goes through the Perses proxy, whose path needs the datasource's name and project")]
    UnknownProxyPath,
    /// Neither `directUrl` nor `proxy`.
    #[error("the datasource has neither directUrl nor proxy")]
    Unreachable,
}

/// The base URL the plugin calls Pyroscope at: `directUrl` (without a trailing `/`), or else the
/// Perses proxy path the UI builds for the datasource (`/proxy/projects/<project>/datasources/<name>`,
/// `/proxy/globaldatasources/<name>`,
/// `/proxy/projects/<project>/dashboards/<dashboard>/datasources/<name>`, each part encoded as
/// `encodeURIComponent` does), relative to the Perses server.
///
/// ```
/// use pyroql::perses::{base_url, HttpProxy, HttpProxySpec, PyroscopeDatasourceSpec, Scope, UrlError};
/// let direct = PyroscopeDatasourceSpec { direct_url: Some("http://pyroscope:4040/".into()), proxy: None };
/// assert_eq!(base_url(&direct, None, None), Ok("http://pyroscope:4040".to_owned()));
///
/// let proxy = HttpProxy { kind: "HTTPProxy".into(), spec: HttpProxySpec { url: "http://pyroscope:4040".into(), ..Default::default() } };
/// let proxied = PyroscopeDatasourceSpec { direct_url: None, proxy: Some(proxy) };
/// let scope = Scope::Project(Some("my project".into()));
/// assert_eq!(base_url(&proxied, Some("pyro"), Some(&scope)), Ok("/proxy/projects/my%20project/datasources/pyro".to_owned()));
/// assert_eq!(base_url(&proxied, Some("pyro"), None), Err(UrlError::UnknownProxyPath));
/// ```
pub fn base_url(
    spec: &PyroscopeDatasourceSpec,
    name: Option<&str>,
    scope: Option<&Scope>,
) -> Result<String, UrlError> {
    if let Some(url) = &spec.direct_url {
        return Ok(url.trim_end_matches('/').to_owned());
    }
    if spec.proxy.is_none() {
        return Err(UrlError::Unreachable);
    }
    let (Some(name), Some(scope)) = (name, scope) else {
        return Err(UrlError::UnknownProxyPath);
    };
    let name = encode_uri_component(name);
    match scope {
        Scope::Global => Ok(format!("/proxy/globaldatasources/{name}")),
        Scope::Project(Some(project)) => Ok(format!(
            "/proxy/projects/{}/datasources/{name}",
            encode_uri_component(project)
        )),
        Scope::Dashboard(Some(project), dashboard) => Ok(format!(
            "/proxy/projects/{}/dashboards/{}/datasources/{name}",
            encode_uri_component(project),
            encode_uri_component(dashboard)
        )),
        Scope::Project(None) | Scope::Dashboard(None, _) => Err(UrlError::UnknownProxyPath),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perses::model::{HttpProxy, HttpProxySpec};

    #[test]
    fn requests_go_direct_or_through_the_proxy() {
        let direct = PyroscopeDatasourceSpec {
            direct_url: Some("http://pyroscope:4040/".into()),
            proxy: None,
        };
        assert_eq!(
            base_url(&direct, None, None).unwrap(),
            "http://pyroscope:4040"
        );
        let proxied = PyroscopeDatasourceSpec {
            direct_url: None,
            proxy: Some(HttpProxy {
                kind: "HTTPProxy".into(),
                spec: HttpProxySpec {
                    url: "http://pyroscope:4040".into(),
                    ..Default::default()
                },
            }),
        };
        let project = Scope::Project(Some("profiling".into()));
        assert_eq!(
            base_url(&proxied, Some("main"), Some(&project)).unwrap(),
            "/proxy/projects/profiling/datasources/main"
        );
        assert_eq!(
            base_url(&proxied, Some("main"), Some(&Scope::Global)).unwrap(),
            "/proxy/globaldatasources/main"
        );
        let dashboard = Scope::Dashboard(Some("p".into()), "d b(1)".into());
        assert_eq!(
            base_url(&proxied, Some("ds"), Some(&dashboard)).unwrap(),
            "/proxy/projects/p/dashboards/d%20b(1)/datasources/ds"
        );
        assert_eq!(
            base_url(&proxied, Some("ds"), Some(&Scope::Project(None))),
            Err(UrlError::UnknownProxyPath)
        );
        assert_eq!(
            base_url(&proxied, None, None),
            Err(UrlError::UnknownProxyPath)
        );
    }
}
