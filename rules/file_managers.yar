/*
  Upload and file-manager pages: server code that writes, uploads, lists, deletes or
  re-times files at paths the visitor chooses, or fetches a file from the internet onto the
  server. Legitimate upload handlers save to a fixed folder; these take the path too.

  References:
    NSA/ASD, "Detect and Prevent Web Shell Malware" (2020-04-22)
    Microsoft Security Blog, "Ghost in the shell: Investigating web shell attacks" (2020-02-04)
    CISA AA21-062A (2021-03-03)
*/

rule SC_ASPX_Upload_To_Chosen_Path
{
  meta:
    description = "ASP.NET page saves an uploaded file or request content to a path taken from the request or a text box"
    severity = "high"
    date = "2024-05-01"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1105/T1505.003: upload or request content saved to a visitor-chosen path"
  strings:
    $save1 = /\.SaveAs\s*\(\s*(Server\.MapPath\s*\(\s*)?(Request\s*[\[\.(]|[a-z_]\w{0,30}\.(Text|Value)\b)/ nocase
    $save2 = /\.SaveAs\s*\(\s*[^;)]{0,80}\+\s*(Request\s*[\[\.(]|[a-z_]\w{0,30}\.(Text|Value)\b)/ nocase
    $write1 = /new\s+(System\.IO\.)?StreamWriter\s*\(\s*(Server\.MapPath\s*\(\s*)?(this\.)?(Request\s*[\[\.(]|[a-z_]\w{0,30}\.(Text|Value)\b)/ nocase
    $write2 = /File\s*\.\s*WriteAll(Text|Bytes)\s*\(\s*(Server\.MapPath\s*\(\s*)?(Request\s*[\[\.(]|[a-z_]\w{0,30}\.(Text|Value)\b)/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and any of ($save*, $write*)
}

rule SC_ASPX_File_Manager
{
  meta:
    description = "ASP.NET page browses drives and folders and changes files (delete, move, copy, re-time) on request"
    severity = "high"
    date = "2024-05-01"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1083/T1505.003: drive and folder browser with file changes on request"
  strings:
    $drive1 = "GetLogicalDrives" nocase
    $drive2 = "DriveInfo" nocase
    $list1 = /Directory\s*\.\s*Get(Files|Directories)\s*\(/ nocase
    $list2 = /new\s+DirectoryInfo\s*\(/ nocase
    $change1 = /File\s*\.\s*(Delete|Move|Copy)\s*\(/ nocase
    $change2 = /Directory\s*\.\s*(Delete|Move|CreateDirectory)\s*\(/ nocase
    $change3 = /\.(SetCreationTime|SetLastWriteTime|SetLastAccessTime|CreationTime\s*=|LastWriteTime\s*=)/ nocase
    $change4 = /\.SaveAs\s*\(/ nocase
    $change5 = /File\s*\.\s*SetAttributes\s*\(/ nocase
    $in1 = /\bRequest\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\[\(]/ nocase
    $in2 = /[a-z_]\w{0,30}\.Text\b/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and any of ($in*) and
    any of ($drive*) and any of ($list*) and 2 of ($change*)
}

rule SC_ASP_FSO_Write_From_Request
{
  meta:
    description = "Classic ASP writes request content into a file whose name comes from the request (FileSystemObject or ADODB.Stream)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2020/02/04/ghost-in-the-shell-investigating-web-shell-attacks/"
    technique = "T1105/T1505.003: FileSystemObject/ADODB.Stream write of request content or to a request path"
  strings:
    $fso = "Scripting.FileSystemObject" nocase
    $stream = "ADODB.Stream" nocase
    $create = /\.(CreateTextFile|OpenTextFile|SaveToFile)\s*\(?/ nocase
    $write_req = /\.Write(Line)?\s*\(?[^\r\n]{0,60}\bRequest\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $path_req1 = /\.(CreateTextFile|OpenTextFile|SaveToFile)\s*\(?\s*(Server\.MapPath\s*\(\s*)?Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $assign_req = /\b[a-z_]\w{0,30}\s*=\s*Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $server = "<%"
  condition:
    filesize < 2MB and $server and ($fso or $stream) and $create and
    // BinaryRead + ADODB.Stream + SaveToFile alone is every upload class ("pure ASP
    // upload"); the upload rules in upload_droppers.yar say when such an upload is a dropper
    ($path_req1 or ($write_req and $assign_req))
}

rule SC_ASP_Small_File_Writer
{
  meta:
    description = "Small classic ASP page writes a file from request parameters (the 'xiaoma' uploader: path and content both posted)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2020/02/04/ghost-in-the-shell-investigating-web-shell-attacks/"
    technique = "T1105/T1505.003: small writer page, path and content both posted (xiaoma)"
  strings:
    $fso = /Scripting\.FileSystemObject|ADODB\.Stream/ nocase
    // the file named by a variable or straight by the request, not a path the page builds
    // around a record id (a CMS writing "/html/0" & id & ".html" for its static pages)
    $create = /\.(CreateTextFile|OpenTextFile)\s*\(?\s*(Server\.MapPath\s*\(\s*)?([a-z_]\w{0,30}|Request\s*(\.\s*(Form|QueryString|Item)\s*)?\([^()]{1,40}\))\s*\)?\s*,\s*(2|8|true)\b/ nocase
    $save = /\.SaveToFile\s*\(?\s*(Server\.MapPath\s*\(\s*)?([a-z_]\w{0,30}|Request\s*(\.\s*(Form|QueryString|Item)\s*)?\([^()]{1,40}\))\s*\)?\s*(,|\r|\n|$)/ nocase
    $write = /\.Write(Line)?\b/ nocase
    $response_write = /Response\s*\.\s*Write(Line)?\b/ nocase
    $assign_req = /\b[a-z_]\w{0,30}\s*=\s*(trim\s*\(\s*)?Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    // what is written is a posted value: a plain variable or Request(...) itself, not a
    // record's field (an e-mail export's WriteLine rs(0)) nor text the page builds
    $write_value = /\b[a-z_]\w{0,30}\s*\.\s*Write(Line|Text)?[ \t(]+(Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(|[a-z_]\w{0,30}[ \t)]*([\r\n%:']|$))/ nocase
    $response_write_value = /\bResponse\s*\.\s*Write(Line|Text)?[ \t(]+(Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(|[a-z_]\w{0,30}[ \t)]*([\r\n%:']|$))/ nocase
    $server = "<%"
  condition:
    // a write other than Response.Write: more .Write calls than Response ones, and more
    // writes of a plain value than Response ones
    filesize < 16KB and $server and $fso and ($create or $save) and #write > #response_write and
    #write_value > #response_write_value and #assign_req >= 2
}

rule SC_ASP_FSO_File_Manager
{
  meta:
    description = "Classic ASP file manager: FileSystemObject browsing of drives/folders plus file changes driven by request parameters"
    severity = "high"
    date = "2024-05-01"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1083/T1505.003: FileSystemObject file manager driven by request parameters"
  strings:
    $fso1 = "Scripting.FileSystemObject" nocase
    $fso2 = "{0D43FE01-F093-11CF-8940-00A0C9054228}" nocase
    $fso3 = /["']scripting\.filesystemobject/ nocase
    $nav1 = /\.Drives\b/ nocase
    $nav2 = /\.GetFolder\s*\(/ nocase
    $nav3 = /\.SubFolders\b/ nocase
    $nav4 = /\.GetDrive\s*\(/ nocase
    $nav5 = /["'][c-h]:\\\\?["']/ nocase
    $nav6 = /\.(OpenTextFile|GetFile)\s*\(\s*[a-z_]\w{0,30}\s*[,)]/ nocase
    $nav7 = /\.LoadFromFile\s*\(/ nocase
    $chg1 = /\.(DeleteFile|DeleteFolder)\s*\(?/ nocase
    $chg2 = /\.(CopyFile|MoveFile|CopyFolder|MoveFolder)\s*\(?/ nocase
    $chg3 = /\.CreateTextFile\s*\(?/ nocase
    $chg4 = /\.(CreateFolder)\s*\(?/ nocase
    $chg5 = /\.SaveToFile\s*\(?/ nocase
    $chg6 = /\.Attributes\s*=/ nocase
    $req = /\bRequest\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $server = "<%"
  condition:
    filesize < 4MB and $server and $req and any of ($fso*) and 2 of ($nav*) and 2 of ($chg*)
}

rule SC_ASP_Downloader
{
  meta:
    description = "Classic ASP fetches content over HTTP and saves it as a file on the server (dropper for a second webshell)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://www.microsoft.com/en-us/security/blog/2020/02/04/ghost-in-the-shell-investigating-web-shell-attacks/"
    technique = "T1105: file fetched over XMLHTTP and saved with ADODB.Stream SaveToFile"
  strings:
    $http1 = "XMLHTTP" nocase
    $http2 = "WinHttp.WinHttpRequest" nocase
    $stream = "ADODB.Stream" nocase
    $save = /\.SaveToFile\s*\(?/ nocase
    $body = /\.ResponseBody\b/ nocase
    // whose URL or destination the visitor gives: a CMS's "save remote pictures" feature
    // fetches the URLs found in an article into its own upload folder under a name it makes
    // up (benign/classic_asp_hz: 16 of 2,871 pages), a dropper fetches what it is told to
    // where it is told, or saves a server page
    // (a request value: "http://" & Request.ServerVariables("SERVER_NAME") is the site
    // fetching its own pages to save them as static files)
    $from_req1 = /\.SaveToFile\s*\(?[^\r\n]{0,80}\bRequest\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $from_req2 = /\.Open\s*\(?\s*["'](GET|POST)["']\s*,\s*[^\r\n,]{0,40}\bRequest\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $from_req3 = /\.SaveToFile\s*\(?[^\r\n]{0,60}\.(asp|aspx|asa|cer|cdx|ashx)["']/ nocase
    $from_req4 = /\b\w{0,12}(path|url)\w{0,12}\s*=\s*(trim\s*\()?\s*Request\s*(\.\s*(Form|QueryString)\s*)?\(/ nocase
    $server = "<%"
  condition:
    filesize < 2MB and $server and any of ($http*) and $stream and $save and $body and any of ($from_req*)
}

rule SC_Timestomp_From_Request
{
  meta:
    description = "Page changes file times or attributes to values from the request (hides a dropped shell among old files)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://attack.mitre.org/techniques/T1070/006/"
    technique = "T1070.006: file times or attributes set from request values"
  strings:
    $asp_shell = /Shell\.Application["']/ nocase
    $asp_date = /\.ModifyDate\s*=/ nocase
    $net_date = /\.(SetCreationTime|SetLastWriteTime|SetLastAccessTime)(Utc)?\s*\(/ nocase
    $net_prop = /\.(CreationTime|LastWriteTime|LastAccessTime)(Utc)?\s*=\s*(DateTime\.Parse\s*\(\s*)?(Request|[a-z_]\w{0,30}\.Text\b)/ nocase
    $req = /\bRequest\s*(\.\s*(Form|QueryString|Item|Params)\s*)?[\(\[]/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and
    (($asp_shell and $asp_date and $req) or $net_prop or ($net_date and $req))
}

rule SC_ASP_FSO_Browser
{
  meta:
    description = "Classic ASP browses any folder or drive the visitor names and reads files from it (FileSystemObject / ADODB.Stream)"
    severity = "medium"
    date = "2024-05-01"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1083/T1005: FileSystemObject browsing of any folder and reading files by variable path"
  strings:
    $fso = /Scripting\.FileSystemObject/ nocase
    $folder = /\.GetFolder\s*\(/ nocase
    $list1 = /\.SubFolders\b/ nocase
    $list2 = /\.Files\b/ nocase
    $any1 = /["'][c-h]:\\\\?["']/ nocase
    $any2 = /\.Drives\b/ nocase
    $any3 = /\.(OpenTextFile|LoadFromFile|GetFile)\s*\(?\s*[a-z_]\w{0,30}\s*[,)\r\n]/ nocase
    $req = /\bRequest\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $server = "<%"
  condition:
    filesize < 2MB and $server and $fso and $folder and any of ($list*) and $req and 2 of ($any*)
}

rule SC_ASP_Http_Proxy
{
  meta:
    description = "Classic ASP relays HTTP requests to a URL taken from the request (proxy/pivot into the internal network)"
    severity = "medium"
    date = "2024-05-01"
    reference = "https://www.cisa.gov/news-events/cybersecurity-advisories/aa21-062a"
    technique = "T1090: HTTP relay to a visitor-chosen URL through the server"
  strings:
    $http = /XMLHTTP|WinHttpRequest/ nocase
    $open = /\.Open\s*\(?\s*("(GET|POST)"|[a-z_]\w{0,30})\s*,\s*[a-z_]\w{0,30}\s*,/ nocase
    $url = /\b[a-z_]\w{0,30}\s*=\s*[^\r\n]{0,40}Request\s*(\.\s*(Form|QueryString|Item)\s*)?[\(\[]\s*["'][a-z_]{0,20}(url|host|target|addr)/ nocase
    $hdr = /\.setRequestHeader\b/ nocase
    $back = /Response\s*\.\s*BinaryWrite|\.Response(Body|Text)\b/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and $http and $open and $url and $hdr and $back
}

rule SC_ASP_XMLHTTP_Path_Reader
{
  meta:
    description = "Classic ASP opens a location the visitor types through XMLHTTP, offers a path on the server's own disk as that location, and writes the response back: a file reader that needs no FileSystemObject"
    severity = "high"
    date = "2026-12-05"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1005/T1083: XMLHTTP opened on a server path from the request, contents shown to the visitor"
  strings:
    $http = /(Microsoft|Msxml2)\s*\.\s*(Server)?XMLHTTP/ nocase
    // .Open "GET", x or .Open "GET", ""&x&"": the location is a variable ...
    $open_var = /\.Open\s*\(?\s*["'](GET|POST)["']\s*,\s*(["']["']\s*&\s*)?[a-z_]\w{0,30}\s*(&\s*["']["']\s*)?,/ nocase
    // ... set from the request, or the request value itself
    $req_var = /\b[a-z_]\w{0,30}\s*=\s*(Trim\s*\(\s*)?Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $open_req = /\.Open\s*\(?\s*["'](GET|POST)["']\s*,\s*(Trim\s*\(\s*)?Request\s*(\.\s*(Form|QueryString|Item)\s*)?\(/ nocase
    $back = /\.Response(Text|Body)\b/ nocase
    // The location offered is on the server's disk (the site's physical folder or a drive
    // root in the form), not a URL: XMLHTTP reads local files given a path. A page that
    // fetches remote pictures or feeds (CMS "collect" tools) offers URLs.
    $phys1 = /ServerVariables\s*\(\s*["'](APPL_PHYSICAL_PATH|PATH_TRANSLATED)["']/ nocase
    $phys2 = /value\s*=\s*["']?[c-z]:\\/ nocase
    $server = "<%"
  condition:
    filesize < 1MB and $server and $http and $back and ($open_req or ($open_var and $req_var)) and any of ($phys*)
}

rule SC_Writable_Folder_Scanner
{
  meta:
    description = "Page walks folders and creates then deletes a probe file in each (looks for writable folders to drop more shells)"
    severity = "high"
    date = "2024-05-01"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1083: folder walk probing each folder for write access"
  strings:
    $create = /(CreateTextFile|File\s*\.\s*Create|File\s*\.\s*WriteAllText|OpenTextFile)\s*\(\s*[^)\r\n]{1,60}(&|\+)\s*["'](\\\\|\\|\/)?[a-z0-9_.~-]{1,24}["']/ nocase
    $delete = /(DeleteFile|File\s*\.\s*Delete)\s*\(\s*[^)\r\n]{1,60}(&|\+)\s*["'](\\\\|\\|\/)?[a-z0-9_.~-]{1,24}["']/ nocase
    $walk1 = /\.SubFolders\b/ nocase
    $walk2 = /\.GetDirectories\s*\(/ nocase
    $walk3 = /Directory\s*\.\s*GetDirectories\s*\(/ nocase
    $asp_create = /\.CreateTextFile\s*\(?/ nocase
    $asp_delete = /\.DeleteFile\s*\(?/ nocase
    $asp_folder = /\.GetFolder\s*\(/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and
    (
      ($create and $delete and any of ($walk*)) or
      // small page whose whole job is the probe: walk folders, create and delete one file
      (filesize < 12KB and $walk1 and $asp_folder and $asp_create and $asp_delete)
    )
}

rule SC_ASPX_Drive_Browser_Download
{
  meta:
    description = "ASP.NET page lists the server's drives and folders and sends any file named in the request"
    severity = "high"
    date = "2024-05-01"
    reference = "https://media.defense.gov/2020/Jun/09/2002313081/-1/-1/0/CSI-DETECT-AND-PREVENT-WEB-SHELL-MALWARE-20200422.PDF"
    technique = "T1083/T1005: drive browser that streams a requested file back"
  strings:
    $drives = /GetLogicalDrives|DriveInfo\s*\.\s*GetDrives/ nocase
    // Directory.GetFiles(x), new DirectoryInfo(x), new System.IO.DirectoryInfo(x), di.GetDirectories("*.*")
    $list = /(Directory\s*\.\s*Get(Files|Directories)|new\s+(System\s*\.\s*IO\s*\.\s*)?DirectoryInfo|\.\s*Get(Files|Directories|FileSystemInfos))\s*\(/ nocase
    $send = /Response\s*\.\s*(WriteFile|TransmitFile|BinaryWrite)\s*\(/ nocase
    $req = /\bRequest\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\(\[]/ nocase
    $server1 = "<%"
    $server2 = /runat\s*=\s*["']?server/ nocase
  condition:
    filesize < 2MB and ($server1 or $server2) and $drives and $list and $send and $req
}
